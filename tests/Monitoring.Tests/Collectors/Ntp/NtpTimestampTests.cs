using HospitalOps.Monitoring.Collectors.Ntp;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

public sealed class NtpTimestampTests
{
    [Fact]
    public void FromDateTimeOffset_UnixEpoch_IsSeventyYearsOfSecondsInTheHighWord()
    {
        var stamp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);

        stamp.Value.ShouldBe(2_208_988_800UL << 32);
    }

    [Fact]
    public void FromDateTimeOffset_HalfSecond_IsHalfTheFraction()
    {
        var stamp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(500));

        (stamp.Value & 0xFFFF_FFFF).ShouldBe(0x8000_0000UL);
    }

    [Fact]
    public void FromDateTimeOffset_StartOfEra1_WrapsToZero()
    {
        var eraStart = new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero);

        NtpTimestamp.FromDateTimeOffset(eraStart).Value.ShouldBe(0UL);
    }

    [Fact]
    public void SecondsBetween_AcrossEraBoundary_IsTheShortDifference()
    {
        var eraStart = new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero);
        var before = NtpTimestamp.FromDateTimeOffset(eraStart.AddSeconds(-1.5));
        var after = NtpTimestamp.FromDateTimeOffset(eraStart.AddSeconds(2));

        NtpTimestamp.SecondsBetween(after, before).ShouldBe(3.5, 1e-6);
        NtpTimestamp.SecondsBetween(before, after).ShouldBe(-3.5, 1e-6);
    }

    [Fact]
    public void ToDateTimeOffset_Era1Timestamp_TakesTheEraNearTheGivenTime()
    {
        var meant = new DateTimeOffset(2036, 2, 7, 7, 0, 0, TimeSpan.Zero);
        var stamp = NtpTimestamp.FromDateTimeOffset(meant);

        stamp.ToDateTimeOffset(meant.AddDays(-3)).ShouldBe(meant, TimeSpan.FromMilliseconds(1));
    }
}
