using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

/// <summary>Random series for the property-style tests: awkward timestamps and every kind of double.</summary>
internal static class ChunkTestData
{
    public static readonly double[] SpecialValues =
    [
        0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -double.NaN,
        StaleMarker.Value, BitConverter.UInt64BitsToDouble(0x7ff8_0000_dead_beefUL), BitConverter.UInt64BitsToDouble(0xfff0_0000_0000_0001UL),
        double.Epsilon, -double.Epsilon, BitConverter.UInt64BitsToDouble(0x000f_ffff_ffff_ffffUL), double.MaxValue, double.MinValue, 1.0, -1.0,
    ];

    public static Sample[] RandomSamples(Random random, int count)
    {
        var samples = new Sample[count];
        var time = random.Next(4) switch
        {
            0 => long.MinValue + random.Next(1000),
            1 => -random.NextInt64(1L << 50),
            _ => SyntheticSeries.Start + random.Next(1_000_000),
        };
        var value = RandomDouble(random, 0);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                var step = random.Next(8) switch
                {
                    0 => 1L,
                    1 => 15_000 + random.Next(-20, 21),
                    2 => 15_000,
                    3 => 60_000 + random.Next(-800, 800),
                    4 => random.NextInt64(1, 600_000),
                    5 => random.NextInt64(1, 1L << 40),
                    6 => 300_000,
                    _ => random.NextInt64(1, 1L << 62),
                };

                // Stay strictly increasing: never wrap past long.MaxValue (the room can exceed long.MaxValue).
                var room = unchecked((ulong)(long.MaxValue - time));
                time = unchecked(time + (long)Math.Min((ulong)step, room / (ulong)(count - i)));
                value = RandomDouble(random, value);
            }

            samples[i] = new Sample(time, value);
        }

        return samples;
    }

    private static double RandomDouble(Random random, double previous) => random.Next(7) switch
    {
        0 => previous,
        1 => SpecialValues[random.Next(SpecialValues.Length)],
        2 => BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)),
        3 => previous + random.Next(0, 5),
        4 => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(previous) ^ (1UL << random.Next(64))),
        5 => Math.Round(random.NextDouble() * 100, 2),
        _ => random.Next(-1000, 1000),
    };

    public static List<Sample> Decode(byte[] chunk, out ChunkReadError error)
    {
        var samples = new List<Sample>();
        error = XorChunkReader.ReadAll(chunk, samples);
        return samples;
    }

    public static byte[] Encode(IEnumerable<Sample> samples)
    {
        var writer = new XorChunkWriter();
        var first = long.MaxValue;
        var last = long.MinValue;
        var count = 0;
        foreach (var sample in samples)
        {
            writer.TryAppend(sample).ShouldBeTrue();
            first = Math.Min(first, sample.TimestampMs);
            last = sample.TimestampMs;
            count++;
        }

        writer.Count.ShouldBe(count);
        writer.MinTime.ShouldBe(first);
        writer.MaxTime.ShouldBe(last);
        return writer.ToArray();
    }

    /// <summary>Compares values by their bits, so NaN payloads and −0.0 count.</summary>
    public static void ShouldMatchExactly(this IReadOnlyList<Sample> actual, IReadOnlyList<Sample> expected)
    {
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].TimestampMs.ShouldBe(expected[i].TimestampMs, $"timestamp #{i}");
            BitConverter.DoubleToUInt64Bits(actual[i].Value).ShouldBe(BitConverter.DoubleToUInt64Bits(expected[i].Value), $"value bits #{i}");
        }
    }
}
