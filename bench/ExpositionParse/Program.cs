using System.Diagnostics;
using System.Net;
using HospitalOps.Bench.ExpositionParse;
using HospitalOps.Monitoring.Scrape;

// Usage: dotnet run -c Release [-- <seconds per run> [node_exporter URL]]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, one thread, {seconds} s per run");

var synthetic = SyntheticNodeExporterBody.Create(50_000);
Run("synthetic node_exporter-like body, 50,000 series", synthetic, ExpositionFormat.PrometheusText, seconds);

if (args.Length > 1)
{
    using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip }) { Timeout = TimeSpan.FromSeconds(20) };
    using var response = await http.GetAsync(args[1]);
    response.EnsureSuccessStatusCode();
    var format = ExpositionContentType.Detect(response.Content.Headers.ContentType?.ToString());
    Run($"real body from {args[1]} ({format})", await response.Content.ReadAsByteArrayAsync(), format, seconds);
}

static void Run(string title, byte[] body, ExpositionFormat format, double seconds)
{
    var (lines, samples, errors, _) = ParseOnce(body, format, withLabels: true);
    Console.WriteLine();
    Console.WriteLine($"{title}: {body.Length:N0} bytes, {lines:N0} lines, {samples:N0} samples, {errors} errors");
    foreach (var withLabels in new[] { false, true })
    {
        for (var i = 0; i < 20; i++)
        {
            ParseOnce(body, format, withLabels);
        }

        var passes = 0L;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        double checksum = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            checksum += ParseOnce(body, format, withLabels).Checksum;
            passes++;
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var totalLines = (double)passes * lines;
        Console.WriteLine(
            $"  {(withLabels ? "Next + every label enumerated" : "Next only (name, series, value)"),-32} " +
            $"{totalLines / elapsed / 1e6,7:F2} M lines/s  {(double)passes * samples / elapsed / 1e6,7:F2} M samples/s  " +
            $"{(double)passes * body.Length / elapsed / 1e6,7:F0} MB/s  {allocated / totalLines:F4} bytes allocated/line  ({passes} passes, checksum {checksum:E3})");
    }
}

static (int Lines, int Samples, int Errors, double Checksum) ParseOnce(byte[] body, ExpositionFormat format, bool withLabels)
{
    var reader = new ExpositionReader(body, format);
    var samples = 0;
    var errors = 0;
    double checksum = 0;
    while (reader.Next(out var entry))
    {
        switch (entry.Kind)
        {
            case ExpositionEntryKind.Sample:
                samples++;
                checksum += entry.Series.Length;
                if (withLabels)
                {
                    foreach (var label in entry.Labels)
                    {
                        checksum += label.Name.Length + label.Value.Length;
                    }
                }

                break;
            case ExpositionEntryKind.Error:
                errors++;
                break;
        }
    }

    return (reader.LinesRead, samples, errors, checksum);
}
