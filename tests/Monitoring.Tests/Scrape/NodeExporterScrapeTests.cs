using System.Net;
using System.Text;
using HospitalOps.Monitoring.Scrape;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Scrape;

/// <summary>Against a real prometheus-node-exporter started by scripts/exporters.sh.</summary>
public sealed class NodeExporterScrapeTests
{
    private const string Variable = "HOSPITALOPS_TEST_NODE_EXPORTER";

    [RequiresEnvironmentFact(Variable)]
    public async Task Parse_RealNodeExporterBody_HasNoErrorsAndTheKnownSeries()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(20),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, Environment.GetEnvironmentVariable(Variable));
        request.Headers.TryAddWithoutValidation("Accept", ExpositionContentType.AcceptHeader);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentEncoding.ShouldContain("gzip");
        var format = ExpositionContentType.Detect(response.Content.Headers.ContentType?.ToString());
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        await gzip.CopyToAsync(decompressed);
        var body = decompressed.ToArray();

        var entries = ParsedEntry.ParseAll(body, format);

        entries.Where(e => e.Kind == ExpositionEntryKind.Error).ShouldBeEmpty();
        entries.Count(e => e.Kind == ExpositionEntryKind.Sample).ShouldBeGreaterThan(100);
        var cpu = entries.Where(e => e.Kind == ExpositionEntryKind.Sample && e.Name == "node_cpu_seconds_total").ToList();
        cpu.ShouldNotBeEmpty();
        cpu.ShouldAllBe(e => e.Labels.Any(l => l.Name == "cpu") && e.Labels.Any(l => l.Name == "mode") && e.Value >= 0);
        cpu.Select(e => e.Labels.Single(l => l.Name == "mode").Value).ShouldContain("idle");
        var uname = entries.Single(e => e.Kind == ExpositionEntryKind.Sample && e.Name == "node_uname_info");
        uname.Value.ShouldBe(1.0);
        uname.Labels.Select(l => l.Name).ShouldContain("nodename");
        entries.ShouldContain(e => e.Kind == ExpositionEntryKind.Type && e.Name == "node_cpu_seconds_total" && e.MetricType == ExpositionMetricType.Counter);

        // The same body through relabelling: keep only CPU idle time, renamed.
        MetricRelabeler.TryCreate(
            [
                new RelabelRule("keep", ["__name__", "mode"], Regex: "node_cpu_seconds_total;idle"),
                new RelabelRule("replace", ["__name__"], Regex: "node_(.*)", TargetLabel: "__name__", Replacement: "host_$1"),
            ],
            out var relabeler,
            out _).ShouldBeTrue();
        var kept = 0;
        var reader = new ExpositionReader(body, format);
        while (reader.Next(out var entry))
        {
            if (entry.Kind == ExpositionEntryKind.Sample && relabeler.Apply(entry.ToLabels()) is { Dropped: false } result)
            {
                result.Labels![0].ShouldBe(new Collection.Label("__name__", "host_cpu_seconds_total"));
                kept++;
            }
        }

        kept.ShouldBe(cpu.Count(e => e.Labels.Any(l => l == ("mode", "idle"))));
        Encoding.UTF8.GetString(body).ShouldContain("node_uname_info");
    }
}
