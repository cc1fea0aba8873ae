using System.Globalization;

namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// 潮起潮落 broken: the profile expects today's tide to be up now, it has been expected for at least
/// <see cref="DetectorSettings.TideSustainMinutes"/>, no block of it rose above <see cref="DetectorSettings.TideRiseRatio"/>
/// of the expected rise (see <see cref="DailyTide"/>), and the latest sample is below the band. A holiday is read
/// with the shape of a Sunday (<see cref="WorkCalendar"/>), whose small swing is met, so a quiet holiday is no broken
/// tide; a make-up working day expects a working day's tide.
/// </summary>
internal static class BrokenTideDetector
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings)
    {
        var latest = window.Latest(window.Points(settings.BlockMinutes));
        if (latest < 0)
        {
            return null;
        }

        var tide = DailyTide.Assess(window, settings, latest);
        if (!tide.Missing || !tide.HighNow || !(window.Observed[latest] < window.Low(latest)))
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"the {window.Today} tide expected since {(window.TimeAt(latest) - window.TimeAt(tide.StretchStart)) / 60_000} min ago did not come: at most {Math.Max(0, tide.RiseRatio):P0} of the expected rise above the day's baseline {tide.Baseline:G4}");
        return new Anomaly(AnomalyPattern.BrokenTide, window.TimeAt(tide.StretchStart), window.TimeAt(latest), window.Low(latest), window.High(latest), window.Observed[latest], reason);
    }
}
