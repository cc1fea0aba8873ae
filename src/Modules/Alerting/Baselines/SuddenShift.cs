using System.Globalization;

namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// What RisingFast and FallingFast share: the latest points have left the band on one side, together, and they got
/// there by a jump rather than a drift.
/// <list type="bullet">
/// <item>The trailing run of samples beyond the band holds at least <see cref="DetectorSettings.SustainMinutes"/> (two
/// points or more) of samples clearly beyond it (by <see cref="DetectorSettings.FastMarginSpreads"/>): a single wild
/// sample is noise, even next to one that is just outside the band by chance.</item>
/// <item>The median residual over the first <see cref="DetectorSettings.FastWindowMinutes"/> of the run is at least
/// <see cref="DetectorSettings.FastJumpSpreads"/> beyond the median over the <see cref="DetectorSettings.ReferenceMinutes"/>
/// before it, and <see cref="DetectorSettings.FastMarginSpreads"/> beyond the band: a slow leak or decline crosses the
/// band a little at a time, so its run starts from a reference just inside the band and never jumps.</item>
/// <item>The observed value itself moved that way, by at least half the jump: when the profile expects the morning
/// rise and the value stays flat, the residual falls fast, but nothing fell — that is a broken tide, not a fall; when
/// a nightly batch ends on time and a leak keeps the value up, the residual rises, but nothing rose.</item>
/// </list>
/// It keeps firing while the run lasts, so the alert stays open for the whole spike or drop.
/// </summary>
internal static class SuddenShift
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings, int direction)
    {
        var sustain = Math.Max(2, window.Points(settings.SustainMinutes));
        var latest = window.Latest(sustain);
        if (latest < 0)
        {
            return null;
        }

        var observed = window.Observed;
        var clear = window.K + settings.FastMarginSpreads;
        var runStart = -1;
        var clearPoints = 0;
        for (var i = latest; i >= 0; i--)
        {
            if (double.IsNaN(observed[i]))
            {
                continue;
            }

            var z = direction * window.Z(i);
            if (z <= window.K)
            {
                break;
            }

            runStart = i;
            clearPoints += z >= clear ? 1 : 0;
        }

        if (clearPoints < sustain)
        {
            return null;
        }

        var reference = Math.Max(2, window.Points(settings.ReferenceMinutes));
        var before = window.MedianZ(runStart - reference, runStart, minValid: 2);
        var fastEnd = Math.Min(latest + 1, runStart + Math.Max(2, window.Points(settings.FastWindowMinutes)));
        var after = window.MedianZ(runStart, fastEnd, minValid: 2, towardsZero: true);
        if (double.IsNaN(before) || double.IsNaN(after)
            || direction * (after - before) < settings.FastJumpSpreads
            || direction * after < clear)
        {
            return null;
        }

        var valueBefore = window.MedianObserved(runStart - reference, runStart);
        var valueAfter = window.MedianObserved(runStart, fastEnd);
        if (!(direction * (valueAfter - valueBefore) >= settings.FastJumpSpreads / 2 * window.Spread[runStart]))
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{(direction > 0 ? "rose" : "fell")} from {valueBefore:G4} to {valueAfter:G4} ({after - before:+0.0;-0.0} spreads) on leaving the band, and has stayed beyond it for {(window.TimeAt(latest) + window.Step - window.TimeAt(runStart)) / 60_000} min");
        return new Anomaly(
            direction > 0 ? AnomalyPattern.RisingFast : AnomalyPattern.FallingFast,
            window.TimeAt(runStart),
            window.TimeAt(latest),
            window.Low(latest),
            window.High(latest),
            observed[latest],
            reason);
    }
}
