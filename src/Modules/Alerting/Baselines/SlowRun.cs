namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// What RisingNoFall and FallingNoRecovery share: how long the series has stayed beyond its band on one side, read on
/// medians of blocks (<see cref="DetectorSettings.BlockMinutes"/>) counted back from the latest point, so a few noisy
/// samples back inside the band do not end a leak and a few wild ones do not make one. A block mostly without samples
/// neither ends nor lengthens the run.
/// </summary>
internal static class SlowRun
{
    /// <summary>The number of blocks in the run and the index its earliest block starts at (-1 when none).</summary>
    public static (int Blocks, int Start) Trailing(BaselineWindow window, DetectorSettings settings, int direction, int latest)
    {
        var block = window.Points(settings.BlockMinutes);
        var blocks = 0;
        var start = -1;
        for (var end = latest + 1; end - block >= 0; end -= block)
        {
            var z = window.MedianZ(end - block, end, minValid: (block + 1) / 2);
            if (double.IsNaN(z))
            {
                continue;
            }

            if (direction * z <= window.K)
            {
                break;
            }

            blocks++;
            start = end - block;
        }

        return (blocks, start);
    }

    public static int Minutes(BaselineWindow window, DetectorSettings settings, int blocks) =>
        (int)(blocks * window.Points(settings.BlockMinutes) * window.Step / 60_000);
}
