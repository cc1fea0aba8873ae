using System.Globalization;

namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// 有减无增: the series has stayed below its band for hours (<see cref="DetectorSettings.NoRecoveryMinutes"/>; a drop
/// that recovers is over long before) — a level lost and not regained. When today's tide did not come at all the
/// deficit is a broken tide, told by <see cref="BrokenTideDetector"/> instead, so the two do not both fire on one
/// cause — nor while today's tide is due and has not risen yet, so that it does not win the race against
/// <see cref="BrokenTideDetector"/>, which waits for the tide to have been missing for an hour. A level that fell by a
/// fraction keeps its rhythm at that fraction, which is how the two are told apart.
/// </summary>
internal static class FallingNoRecoveryDetector
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings)
    {
        var block = window.Points(settings.BlockMinutes);
        var latest = window.Latest(block);
        if (latest < 0)
        {
            return null;
        }

        var (blocks, start) = SlowRun.Trailing(window, settings, -1, latest);
        var minutes = SlowRun.Minutes(window, settings, blocks);
        if (minutes < settings.NoRecoveryMinutes || DailyTide.Assess(window, settings, latest) is { Missing: true } or { Pending: true })
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"below the band for {minutes} min without coming back (median {window.MedianObserved(latest + 1 - block, latest + 1):G4} over the last {settings.BlockMinutes} min, expected from {window.Low(latest):G4})");
        return new Anomaly(AnomalyPattern.FallingNoRecovery, window.TimeAt(start), window.TimeAt(latest), window.Low(latest), window.High(latest), window.Observed[latest], reason);
    }
}
