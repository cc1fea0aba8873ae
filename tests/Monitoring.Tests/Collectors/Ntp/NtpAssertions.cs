using HospitalOps.Monitoring.Collectors.Ntp;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

internal static class NtpAssertions
{
    // Scheduling noise on a busy test machine can stamp a reply late, but NTP's own guarantee
    // still holds: the true offset lies within half the measured round-trip delay of the offset
    // found (plus a little for the timestamps' rounding).
    public static void ShouldShowOffset(this NtpMeasurement measurement, double expectedSeconds) =>
        Math.Abs(measurement.OffsetSeconds - expectedSeconds).ShouldBeLessThanOrEqualTo(measurement.DelaySeconds / 2 + 0.01,
            $"offset {measurement.OffsetSeconds:0.######} s, delay {measurement.DelaySeconds:0.######} s, expected {expectedSeconds} s");
}
