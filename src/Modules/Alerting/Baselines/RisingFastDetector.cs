namespace HospitalOps.Alerting.Baselines;

/// <summary>增速过快: the value jumped above its band within minutes and stays there (see <see cref="SuddenShift"/>).</summary>
internal static class RisingFastDetector
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings) => SuddenShift.Detect(window, settings, +1);
}
