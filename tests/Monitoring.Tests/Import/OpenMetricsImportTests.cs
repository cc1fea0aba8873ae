using System.Globalization;
using System.Text;
using HospitalOps.Monitoring.Import;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Import;

public sealed class OpenMetricsImportTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", "import-" + Guid.NewGuid().ToString("N")[..8]);
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private long _start;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        _admin = await _host.AdminAsync();
        _start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000) - (6 * 3_600_000);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task Import_AGoodFile_StoresEverySampleAcrossWindows_InAnyOrder()
    {
        // Six hours at 15 s for two series, crossing three 2-hour windows; the second series is written newest first.
        var lines = new List<string> { "# TYPE backfill_requests counter", "# HELP backfill_requests Requests seen." };
        var a = Enumerable.Range(0, 1440).Select(i => (T: _start + (i * 15_000L), V: i * 2.5)).ToList();
        var b = Enumerable.Range(0, 1440).Select(i => (T: _start + (i * 15_000L), V: Math.Sin(i / 10.0))).Reverse().ToList();
        lines.AddRange(a.Select(p => $"backfill_requests_total{{path=\"/a\"}} {Num(p.V)} {Sec(p.T)}"));
        lines.AddRange(b.Select(p => $"backfill_requests_total{{path=\"/b\"}} {Num(p.V)} {Sec(p.T)}"));
        lines.Add("# EOF");
        var progress = new List<string>();

        var outcome = await ImportAsync(lines, progress.Add);

        outcome.Errors.ShouldBeEmpty();
        outcome.Imported.ShouldBeTrue();
        outcome.Series.ShouldBe(2);
        outcome.Samples.ShouldBe(2880);
        progress.ShouldContain(p => p.Contains("2 series, 2,880 samples", StringComparison.Ordinal));
        (await PointsAsync("backfill_requests_total{path=\"/a\"}")).ShouldBe(a);
        (await PointsAsync("backfill_requests_total{path=\"/b\"}")).ShouldBe(b.OrderBy(p => p.T).ToList());
    }

    [Fact]
    public async Task Import_ABadFile_ReportsEachBadLineByNumber_AndStoresNothing()
    {
        var lines = new List<string>
        {
            $"backfill_bad{{x=\"1\"}} 1 {Sec(_start)}",
            "backfill_bad{x=\"2\"} 2",
            $"backfill_bad{{x=\"3\" 3 {Sec(_start)}",
            $"backfill_bad{{x=\"1\"}} 5 {Sec(_start)}",
        };

        var outcome = await ImportAsync(lines, _ => { });

        outcome.Imported.ShouldBeFalse();
        outcome.Errors.ShouldContain(e => e.StartsWith("line 2: the sample has no timestamp", StringComparison.Ordinal));
        outcome.Errors.ShouldContain(e => e.StartsWith("line 3:", StringComparison.Ordinal));
        outcome.Errors.ShouldContain(e => e.StartsWith("line 4:", StringComparison.Ordinal) && e.Contains("two different values", StringComparison.Ordinal) && e.Contains("line 1", StringComparison.Ordinal));
        outcome.Errors.ShouldContain(e => e.Contains("# EOF", StringComparison.Ordinal));
        (await PointsAsync("backfill_bad")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_OverSamplesAlreadyStored_MergesWithThem()
    {
        var first = Enumerable.Range(0, 10).Select(i => (T: _start + (i * 60_000L), V: (double)i)).ToList();
        (await ImportAsync(first.Select(p => $"backfill_merge {Num(p.V)} {Sec(p.T)}").Append("# EOF").ToList(), _ => { })).Imported.ShouldBeTrue();
        var second = Enumerable.Range(0, 10).Select(i => (T: _start + (i * 60_000L) + 30_000, V: 100.0 + i)).ToList();
        (await ImportAsync(second.Select(p => $"backfill_merge {Num(p.V)} {Sec(p.T)}").Append("# EOF").ToList(), _ => { })).Imported.ShouldBeTrue();

        (await PointsAsync("backfill_merge")).ShouldBe(first.Concat(second).OrderBy(p => p.T).ToList());
    }

    private async Task<ImportOutcome> ImportAsync(List<string> lines, Action<string> progress)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".om");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", Encoding.UTF8);
        return await _host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(path, progress, CancellationToken.None);
    }

    private async Task<List<(long T, double V)>> PointsAsync(string selector)
    {
        var response = await _admin.GetAsync($"/api/v1/monitoring/range?match={Uri.EscapeDataString(selector)}&from={_start - 60_000}&to={_start + (7 * 3_600_000)}");
        response.EnsureSuccessStatusCode();
        var json = await response.JsonAsync();
        return json.GetArrayLength() == 0 ? [] : json[0].GetProperty("points").EnumerateArray().Select(p => ((long)p[0].GetDouble(), p[1].GetDouble())).ToList();
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Sec(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
