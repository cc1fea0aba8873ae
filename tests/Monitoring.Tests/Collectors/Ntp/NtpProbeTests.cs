using System.Net;
using System.Net.Sockets;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Ntp;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

/// <summary>The probe against in-test UDP peers, honest and hostile.</summary>
public sealed class NtpProbeTests
{
    // For peers whose replies are ignored, so only the deadline ends the exchange. Long enough for
    // the replies to arrive first even on a busy machine, where the classification is tested.
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(1500);

    private static NtpProbeOptions Options(FakeNtpServer server, int queries = 1) =>
        new("127.0.0.1", server.Port) { Timeout = TimeSpan.FromSeconds(5), Queries = queries, QueryInterval = TimeSpan.Zero };

    [Fact]
    public async Task CollectAsync_ServerAhead_ReportsPositiveOffsetAndAllSamples()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, serverSkew: TimeSpan.FromSeconds(1.5), stratum: 3, referenceId: 0x0A000001)]);
        var batch = new SampleBatch();

        var measurement = await new NtpProbe(TimeProvider.System).CollectAsync(Options(server), batch, CancellationToken.None);

        measurement.ShouldShowOffset(1.5);
        Value(batch, "ntp_offset_seconds").ShouldBe(measurement.OffsetSeconds);
        Value(batch, "ntp_delay_seconds").ShouldBe(measurement.DelaySeconds);
        Value(batch, "ntp_stratum").ShouldBe(3);
        Value(batch, "ntp_leap").ShouldBe(0);
        Value(batch, "ntp_root_distance_seconds").ShouldBeGreaterThanOrEqualTo(0.125 / 2 + 0.0625);
        var info = batch.Samples.Single(s => s.Metric == "ntp_reference_info");
        info.Value.ShouldBe(1);
        info.Labels.ShouldBe([new Label("ref_id", "10.0.0.1")]);
    }

    [Fact]
    public async Task CollectAsync_LocalClockShiftedAhead_ReportsNegativeOffsetOfThatSize()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request)]);

        var measurement = await new NtpProbe(new ShiftedClock(TimeSpan.FromSeconds(3))).MeasureAsync(Options(server), CancellationToken.None);

        measurement.ShouldShowOffset(-3);
    }

    [Fact]
    public async Task CollectAsync_Stratum1_ReportsTheSourceNameAsReferenceId()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, stratum: 1, referenceId: FakeNtpServer.Ascii("GPS"))]);
        var batch = new SampleBatch();

        await new NtpProbe(TimeProvider.System).CollectAsync(Options(server), batch, CancellationToken.None);

        batch.Samples.Single(s => s.Metric == "ntp_reference_info").Labels.ShouldBe([new Label("ref_id", "GPS")]);
    }

    [Fact]
    public async Task CollectAsync_LeapSecondAnnounced_ReportsLeapIndicator()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, leap: 1)]);
        var batch = new SampleBatch();

        await new NtpProbe(TimeProvider.System).CollectAsync(Options(server), batch, CancellationToken.None);

        Value(batch, "ntp_leap").ShouldBe(1);
    }

    [Fact]
    public async Task MeasureAsync_SeveralQueries_KeepsTheOneWithTheSmallestDelay()
    {
        // The first reply claims the server spent -2 s on it (a delay 2 s longer) and is 5 s off;
        // the second is honest and 1 s off.
        await using var server = new FakeNtpServer((i, request) => [i == 0
            ? FakeNtpServer.Reply(request, serverSkew: TimeSpan.FromSeconds(5), claimedProcessing: TimeSpan.FromSeconds(-2))
            : FakeNtpServer.Reply(request, serverSkew: TimeSpan.FromSeconds(1))]);

        var measurement = await new NtpProbe(TimeProvider.System).MeasureAsync(Options(server, queries: 2), CancellationToken.None);

        server.Requests.ShouldBe(2);
        measurement.ShouldShowOffset(1);
    }

    [Fact]
    public async Task MeasureAsync_FirstRequestLost_UsesTheNextQuery()
    {
        await using var server = new FakeNtpServer((i, request) => i == 0 ? [] : [FakeNtpServer.Reply(request, serverSkew: TimeSpan.FromSeconds(2))]);
        var options = Options(server, queries: 2) with { Timeout = ShortTimeout };

        var measurement = await new NtpProbe(TimeProvider.System).MeasureAsync(options, CancellationToken.None);

        measurement.ShouldShowOffset(2);
    }

    [Fact]
    public async Task MeasureAsync_GarbageBeforeTheReply_IgnoresTheGarbage()
    {
        await using var server = new FakeNtpServer((_, request) => ["garbage"u8.ToArray(), new byte[48], FakeNtpServer.Reply(request, stratum: 4)]);

        var measurement = await new NtpProbe(TimeProvider.System).MeasureAsync(Options(server), CancellationToken.None);

        measurement.Stratum.ShouldBe(4);
    }

    [Fact]
    public async Task MeasureAsync_OnlyGarbage_FailsMalformed()
    {
        await using var server = new FakeNtpServer((_, _) => ["\x01\x02 not an ntp packet"u8.ToArray()]);

        var failure = await Fails(server, endsAtDeadline: true);

        failure.Code.ShouldBe("monitoring.ntp.malformed");
        failure.Args["reason"].ShouldContain("shorter than the 48-byte");
    }

    [Fact]
    public async Task MeasureAsync_ClientModeEcho_FailsMalformed()
    {
        await using var server = new FakeNtpServer((_, request) => [request]);

        var failure = await Fails(server, endsAtDeadline: true);

        failure.Code.ShouldBe("monitoring.ntp.malformed");
        failure.Args["reason"].ShouldContain("mode 3");
    }

    [Fact]
    public async Task MeasureAsync_WrongOriginTimestamp_FailsOriginMismatch()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, echoOrigin: false)]);

        var failure = await Fails(server, endsAtDeadline: true);

        failure.Code.ShouldBe("monitoring.ntp.origin_mismatch");
    }

    [Fact]
    public async Task MeasureAsync_KissOfDeathRate_FailsWithTheCodeAndStopsAsking()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.KissOfDeath(request, "RATE")]);

        var failure = await Fails(server, queries: 3);

        failure.Code.ShouldBe("monitoring.ntp.kiss_of_death");
        failure.Args["code"].ShouldBe("RATE");
        server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task MeasureAsync_LeapIndicatorUnsynchronised_FailsUnsynchronised()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, leap: 3)]);

        var failure = await Fails(server);

        failure.Code.ShouldBe("monitoring.ntp.unsynchronised");
        failure.Args["reason"].ShouldBe("leap indicator 3");
    }

    [Fact]
    public async Task MeasureAsync_Stratum16_FailsUnsynchronised()
    {
        await using var server = new FakeNtpServer((_, request) => [FakeNtpServer.Reply(request, stratum: 16)]);

        var failure = await Fails(server);

        failure.Code.ShouldBe("monitoring.ntp.unsynchronised");
        failure.Args["reason"].ShouldBe("stratum 16");
    }

    [Fact]
    public async Task MeasureAsync_ZeroTransmitTimestamp_FailsMalformed()
    {
        await using var server = new FakeNtpServer((_, request) =>
        {
            var reply = FakeNtpServer.Reply(request);
            Array.Clear(reply, 40, 8);
            return [reply];
        });

        var failure = await Fails(server);

        failure.Code.ShouldBe("monitoring.ntp.malformed");
    }

    [Fact]
    public async Task MeasureAsync_ServerNeverAnswers_FailsTimeout()
    {
        await using var server = new FakeNtpServer((_, _) => []);

        var failure = await Fails(server, queries: 2, endsAtDeadline: true);

        failure.Code.ShouldBe("monitoring.ntp.timeout");
        failure.Args["port"].ShouldBe(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task MeasureAsync_NothingListens_FailsUnreachable()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var failure = await Should.ThrowAsync<CollectionFailure>(() => new NtpProbe(TimeProvider.System)
            .MeasureAsync(new NtpProbeOptions("127.0.0.1", port) { Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None));

        failure.Code.ShouldBe("monitoring.ntp.unreachable");
    }

    [Fact]
    public async Task MeasureAsync_UnknownHost_FailsUnreachable()
    {
        var failure = await Should.ThrowAsync<CollectionFailure>(() => new NtpProbe(TimeProvider.System)
            .MeasureAsync(new NtpProbeOptions("no-such-host.invalid") { Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None));

        failure.Code.ShouldBe("monitoring.ntp.unreachable");
    }

    [Fact]
    public void Register_AllCodes_HaveChineseAndEnglishText()
    {
        NtpErrors.Register();

        foreach (var code in new[] { NtpErrors.Timeout, NtpErrors.KissOfDeath, NtpErrors.Unsynchronised, NtpErrors.Malformed, NtpErrors.OriginMismatch, NtpErrors.Unreachable })
        {
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
        }

        var args = new Dictionary<string, string> { ["code"] = "RATE" };
        ErrorCatalog.Message(NtpErrors.KissOfDeath, "zh-CN", args).ShouldContain("Kiss-o'-Death 代码 RATE");
        ErrorCatalog.Message(NtpErrors.KissOfDeath, "en", args).ShouldContain("code RATE");
    }

    private static async Task<CollectionFailure> Fails(FakeNtpServer server, int queries = 1, bool endsAtDeadline = false) =>
        await Should.ThrowAsync<CollectionFailure>(() => new NtpProbe(TimeProvider.System)
            .MeasureAsync(endsAtDeadline ? Options(server, queries) with { Timeout = ShortTimeout } : Options(server, queries), CancellationToken.None));

    private static double Value(SampleBatch batch, string metric) => batch.Samples.Single(s => s.Metric == metric).Value;
}
