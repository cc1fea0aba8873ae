using System.Diagnostics;
using HospitalOps.Monitoring.History.Chunks;
using HospitalOps.Monitoring.Tests.History.Chunks;

// Compression and speed of the raw-sample chunk on scrape-shaped series. Seeded, so the byte
// counts are identical on every run; the ns figures depend on the machine.
const int TotalSamplesPerCase = 2_000_000;
const int Repeats = 5;

Console.WriteLine($"ChunkCodec bench: .NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger" : "no debugger")}");
Console.WriteLine($"writer object + initial buffer: {MeasureWriterBytes()} bytes");
Console.WriteLine();
Console.WriteLine("| series | timestamps | samples/chunk | bytes/sample | encode ns/sample | decode ns/sample |");
Console.WriteLine("|---|---|---|---|---|---|");

var kinds = new (string Name, Func<Random, long[], Sample[]> Make)[]
{
    ("counter +0..5", SyntheticSeries.Counter),
    ("gauge 2 decimals", SyntheticSeries.Gauge),
    ("constant", (_, times) => SyntheticSeries.Constant(times, 1)),
};

foreach (var (jitter, label) in new[] { (20, "15 s ±20 ms"), (0, "15 s exact") })
{
    foreach (var size in new[] { 120, 1_440 })
    {
        foreach (var (name, make) in kinds)
        {
            var random = new Random(size + jitter);
            var chunks = new Sample[TotalSamplesPerCase / size][];
            for (var i = 0; i < chunks.Length; i++)
            {
                chunks[i] = make(random, SyntheticSeries.Timestamps(random, size, 15_000, jitter));
            }

            Run(name, label, size, chunks);
        }
    }
}

static void Run(string name, string timestamps, int size, Sample[][] chunks)
{
    var encoded = new byte[chunks.Length][];
    long bytes = 0;
    for (var i = 0; i < chunks.Length; i++)
    {
        encoded[i] = Encode(chunks[i]);
        bytes += encoded[i].Length;
    }

    var samples = (double)chunks.Length * size;
    var encodeNs = double.MaxValue;
    var decodeNs = double.MaxValue;
    double checksum = 0;
    for (var r = 0; r < Repeats; r++)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var chunk in chunks)
        {
            checksum += Encode(chunk).Length;
        }

        encodeNs = Math.Min(encodeNs, Stopwatch.GetElapsedTime(start).TotalNanoseconds / samples);
        start = Stopwatch.GetTimestamp();
        foreach (var chunk in encoded)
        {
            var reader = new XorChunkReader(chunk);
            while (reader.MoveNext())
            {
                checksum += reader.Current.Value;
            }

            if (!reader.IsComplete)
            {
                throw new InvalidOperationException($"decode failed: {reader.Error}");
            }
        }

        decodeNs = Math.Min(decodeNs, Stopwatch.GetElapsedTime(start).TotalNanoseconds / samples);
    }

    GC.KeepAlive(checksum);
    Console.WriteLine($"| {name} | {timestamps} | {size} | {bytes / samples:F3} | {encodeNs:F1} | {decodeNs:F1} |");
}

// Encoding includes creating the writer at its 32-byte start and the final copy, as the head does.
static byte[] Encode(Sample[] samples)
{
    var writer = new XorChunkWriter();
    foreach (var sample in samples)
    {
        writer.TryAppend(sample.TimestampMs, sample.Value);
    }

    return writer.ToArray();
}

static long MeasureWriterBytes()
{
    _ = new XorChunkWriter();
    var before = GC.GetAllocatedBytesForCurrentThread();
    var writer = new XorChunkWriter();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    GC.KeepAlive(writer);
    return allocated;
}
