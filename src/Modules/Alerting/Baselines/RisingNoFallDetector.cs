using System.Globalization;

namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// 有增无减高负载: the series has stayed above its band for hours (<see cref="DetectorSettings.NoFallMinutes"/>; a spike
/// is over long before) and its residual still climbs — a Mann–Kendall trend over the block medians of the last
/// <see cref="DetectorSettings.TrendMinutes"/> at <see cref="DetectorSettings.TrendZ"/> or more. The test is on the
/// residual, not the value, so the morning rise of the tide is no trend, and on ranks, so one wild block is no trend
/// either. A leak of memory or connections looks like this until the process is restarted. It climbs: a residual that
/// rose from one block to the next as fast as a fast move does is a surge, reported as RisingFast for as long as it
/// lasts, not a leak (a level lost, by contrast, is FallingNoRecovery however it fell).
/// </summary>
internal static class RisingNoFallDetector
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings)
    {
        var block = window.Points(settings.BlockMinutes);
        var latest = window.Latest(block);
        if (latest < 0)
        {
            return null;
        }

        var (blocks, start) = SlowRun.Trailing(window, settings, +1, latest);
        if (SlowRun.Minutes(window, settings, blocks) < settings.NoFallMinutes)
        {
            return null;
        }

        var trendBlocks = Math.Min(window.Points(settings.TrendMinutes) / block, (latest + 1) / block);
        Span<double> residuals = stackalloc double[Math.Max(0, trendBlocks)];
        for (var b = 0; b < trendBlocks; b++)
        {
            var end = latest + 1 - ((trendBlocks - 1 - b) * block);
            residuals[b] = window.MedianResidual(end - block, end, minValid: (block + 1) / 2);
        }

        var trend = RobustStatistics.MannKendallZ(residuals);
        if (trend < settings.TrendZ || Jumped(window, settings, start, latest))
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"above the band for {SlowRun.Minutes(window, settings, blocks)} min and still rising (Mann–Kendall z {trend:0.0} over {settings.TrendMinutes / 60} h of residuals)");
        return new Anomaly(AnomalyPattern.RisingNoFall, window.TimeAt(start), window.TimeAt(latest), window.Low(latest), window.High(latest), window.Observed[latest], reason);
    }

    // Whether the residual rose from one block to the next, anywhere from the block before the run to now, as fast as
    // a fast move does (FastJumpSpreads per FastWindowMinutes): a climb is a leak, a jump is a surge (RisingFast),
    // however long it then lasts. A jump falls whole between two block medians, wherever in a block it happens.
    private static bool Jumped(BaselineWindow window, DetectorSettings settings, int runStart, int latest)
    {
        var block = window.Points(settings.BlockMinutes);
        var jump = settings.FastJumpSpreads * settings.BlockMinutes / settings.FastWindowMinutes;
        var previous = double.NaN;
        for (var from = runStart - block; from + block <= latest + 1; from += block)
        {
            var residual = window.MedianResidual(from, from + block, minValid: (block + 1) / 2);
            if (double.IsNaN(residual))
            {
                continue;
            }

            if (residual - previous >= jump * window.Spread[from + (block / 2)])
            {
                return true;
            }

            previous = residual;
        }

        return false;
    }
}
