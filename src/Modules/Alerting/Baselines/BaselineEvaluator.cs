namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// Evaluates one series at one instant against its profile with all five detectors, reusing one window's buffers
/// (one evaluator per thread). Where a slow pattern and a fast one describe the same run beyond the band, the slow
/// one is told: a drop that has lasted three hours is no longer news as a drop, but as a level lost.
/// </summary>
internal sealed class BaselineEvaluator(DetectorSettings settings)
{
    private readonly BaselineWindow _window = new();

    public DetectorSettings Settings => settings;

    /// <summary>How far back from now the series should be read for one evaluation.</summary>
    public long WindowMs => settings.WindowMinutes * 60_000L;

    public void Evaluate(SeasonalProfile profile, WorkCalendar calendar, RegularSeries recent, List<Anomaly> found)
    {
        _window.Load(profile, calendar, recent, settings.TimeToleranceMinutes);
        if (_window.Count == 0)
        {
            return;
        }

        AddFirst(found, RisingNoFallDetector.Detect(_window, settings), RisingFastDetector.Detect);
        AddFirst(found, FallingNoRecoveryDetector.Detect(_window, settings), FallingFastDetector.Detect);
        if (BrokenTideDetector.Detect(_window, settings) is { } broken)
        {
            found.Add(broken);
        }
    }

    private void AddFirst(List<Anomaly> found, Anomaly? slow, Func<BaselineWindow, DetectorSettings, Anomaly?> fast)
    {
        if ((slow ?? fast(_window, settings)) is { } anomaly)
        {
            found.Add(anomaly);
        }
    }
}
