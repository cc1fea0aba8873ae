namespace HospitalOps.Alerting.Tests.Baselines.Harness;

/// <summary>
/// SplitMix64: a small generator whose sequence is fixed by its seed on every runtime, so a data set is the same
/// wherever and whenever it is generated (System.Random's seeded sequence is not promised across .NET versions).
/// </summary>
internal sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spareNormal;

    public SeededRandom(int seed, int stream)
        : this(unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)stream * 0xD1B54A32D192ED03UL)))
    {
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double from, double to) => from + ((to - from) * NextDouble());

    public int Int(int from, int toExclusive) => from + (int)(NextDouble() * (toExclusive - from));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u;
        do
        {
            u = NextDouble();
        }
        while (u <= double.Epsilon);

        var radius = Math.Sqrt(-2 * Math.Log(u));
        var angle = 2 * Math.PI * NextDouble();
        _spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
