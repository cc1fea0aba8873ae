namespace HospitalOps.Monitoring.Demo;

/// <summary>
/// The rhythm of a hospital day for generated demo history, in Asia/Shanghai time: outpatient
/// mornings (peak about 09:30) and afternoons (about 15:00), quiet nights, weekends at about a
/// third, and the nightly batch jobs between 01:00 and 03:00. Noise is a hash of the series and
/// the time, so the same demo gives the same history.
/// </summary>
internal static class DemoRhythm
{
    private const long Hour = 3_600_000;

    /// <summary>How busy the hospital is at <paramref name="t"/>, from about 0.05 (night) to about 1 (weekday morning peak).</summary>
    public static double Activity(long t)
    {
        var local = t + (8 * Hour);
        var hour = (local % (24 * Hour)) / (double)Hour;
        var weekday = (int)((local / (24 * Hour) + 4) % 7);
        var working = weekday is >= 1 and <= 5 ? 1.0 : 0.35;
        var morning = Math.Exp(-Math.Pow((hour - 9.5) / 1.6, 2));
        var afternoon = 0.7 * Math.Exp(-Math.Pow((hour - 15) / 1.5, 2));
        var evening = 0.25 * Math.Exp(-Math.Pow((hour - 20) / 2, 2));
        return 0.05 + (working * (morning + afternoon)) + (0.5 * evening);
    }

    /// <summary>1 during the nightly batch window (01:00–03:00), else 0.</summary>
    public static double Batch(long t)
    {
        var hour = ((t + (8 * Hour)) % (24 * Hour)) / (double)Hour;
        return hour is >= 1 and < 3 ? 1 : 0;
    }

    /// <summary>The local hour of day (0–24).</summary>
    public static double LocalHour(long t) => ((t + (8 * Hour)) % (24 * Hour)) / (double)Hour;

    /// <summary>Deterministic noise in [-1, 1].</summary>
    public static double Noise(long seed, long t)
    {
        var x = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) ^ (ulong)t);
        x ^= x >> 33;
        x = unchecked(x * 0xff51afd7ed558ccdUL);
        x ^= x >> 33;
        x = unchecked(x * 0xc4ceb9fe1a85ec53UL);
        x ^= x >> 33;
        return ((x >> 11) / (double)(1UL << 53) * 2) - 1;
    }
}
