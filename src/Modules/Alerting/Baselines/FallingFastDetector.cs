namespace HospitalOps.Alerting.Baselines;

/// <summary>降速过快: the value dropped below its band within minutes and stays there (see <see cref="SuddenShift"/>).</summary>
internal static class FallingFastDetector
{
    public static Anomaly? Detect(BaselineWindow window, DetectorSettings settings) => SuddenShift.Detect(window, settings, -1);
}
