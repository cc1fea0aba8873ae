using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Probes;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

public sealed class IcmpProbeTests
{
    public IcmpProbeTests() => ProbeErrors.Register();

    [Fact]
    public async Task ProbeAsync_Loopback_AllRepliesAndRoundTripStats()
    {
        var probe = new IcmpProbe(new IcmpProbeOptions("127.0.0.1"));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure.ShouldBeNull();
        result.Value("probe_success").ShouldBe(1);
        result.Value("probe_icmp_packets_sent").ShouldBe(3);
        result.Value("probe_icmp_packets_received").ShouldBe(3);
        result.Value("probe_icmp_loss_ratio").ShouldBe(0);
        var min = result.Value("probe_icmp_rtt_seconds", new Label("stat", "min"))!.Value;
        var avg = result.Value("probe_icmp_rtt_seconds", new Label("stat", "avg"))!.Value;
        var max = result.Value("probe_icmp_rtt_seconds", new Label("stat", "max"))!.Value;
        min.ShouldBeGreaterThan(0);
        min.ShouldBeLessThanOrEqualTo(avg);
        avg.ShouldBeLessThanOrEqualTo(max);
    }

    [Fact]
    public async Task ProbeAsync_BlackHoledAddress_LosesEverythingWithinTheTimeout()
    {
        // 203.0.113.0/24 (TEST-NET-3) is never routed on the internet; 192.0.2.1 is not used
        // because in this test environment it is the default gateway and would answer.
        var probe = new IcmpProbe(new IcmpProbeOptions("203.0.113.1", Count: 2, EchoTimeout: TimeSpan.FromMilliseconds(500)));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Value("probe_icmp_packets_sent").ShouldBe(2);
        result.Value("probe_icmp_packets_received").ShouldBe(0);
        result.Value("probe_icmp_loss_ratio").ShouldBe(1);
        result.Value("probe_icmp_rtt_seconds", new Label("stat", "avg")).ShouldBeNull();
        result.Value("probe_success").ShouldBe(0);
        result.Failure!.Code.ShouldBeOneOf("monitoring.probe.no_reply", "monitoring.probe.network_error");
    }

    [Fact]
    public async Task ProbeAsync_UnknownHost_IsDnsFailure()
    {
        var probe = new IcmpProbe(new IcmpProbeOptions("no-such-host.invalid", EchoTimeout: TimeSpan.FromSeconds(5)));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_failed");
        result.Value("probe_success").ShouldBe(0);
    }
}
