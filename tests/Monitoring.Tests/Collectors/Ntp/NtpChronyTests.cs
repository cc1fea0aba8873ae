using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Ntp;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

/// <summary>The probe against a real chronyd (scripts/chrony.sh) serving the system clock at a local stratum.</summary>
public sealed class NtpChronyTests
{
    private const string Variable = "HOSPITALOPS_TEST_NTP";

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_Chrony_ReportsSmallOffsetAndItsLocalStratum()
    {
        var batch = new SampleBatch();

        var measurement = await new NtpProbe(TimeProvider.System).CollectAsync(Options(), batch, CancellationToken.None);

        measurement.ShouldShowOffset(0);
        measurement.Stratum.ShouldBe(ExpectedStratum());
        measurement.Leap.ShouldBe(NtpLeapIndicator.NoWarning);
        batch.Samples.Select(s => s.Metric).ShouldBe(
            ["ntp_offset_seconds", "ntp_delay_seconds", "ntp_stratum", "ntp_root_distance_seconds", "ntp_leap", "ntp_reference_info"]);
        // chrony's local reference identifies itself as 127.127.1.1 (the classic LOCAL driver address).
        batch.Samples.Single(s => s.Metric == "ntp_reference_info").Labels.ShouldBe([new Label("ref_id", "127.127.1.1")]);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task MeasureAsync_LocalClockThreeSecondsAhead_ReportsOffsetOfMinusThreeSeconds()
    {
        var measurement = await new NtpProbe(new ShiftedClock(TimeSpan.FromSeconds(3))).MeasureAsync(Options(), CancellationToken.None);

        measurement.ShouldShowOffset(-3);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task MeasureAsync_LocalClockTwoMinutesBehind_ReportsOffsetOfPlusTwoMinutes()
    {
        var measurement = await new NtpProbe(new ShiftedClock(TimeSpan.FromMinutes(-2))).MeasureAsync(Options(), CancellationToken.None);

        measurement.ShouldShowOffset(120);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task MeasureAsync_EightQueries_AllAnsweredAndBestKept()
    {
        var measurement = await new NtpProbe(TimeProvider.System).MeasureAsync(Options() with { Queries = 8 }, CancellationToken.None);

        measurement.Stratum.ShouldBe(ExpectedStratum());
        measurement.ShouldShowOffset(0);
    }

    private static NtpProbeOptions Options()
    {
        var value = Environment.GetEnvironmentVariable(Variable)!;
        var colon = value.LastIndexOf(':');
        return new NtpProbeOptions(value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture))
        {
            Timeout = TimeSpan.FromSeconds(5),
            Queries = 3,
            QueryInterval = TimeSpan.Zero,
        };
    }

    private static int ExpectedStratum() =>
        int.TryParse(Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_NTP_STRATUM"), out var stratum) ? stratum : 8;
}
