using System.Text.Json;
using System.Text.Json.Nodes;
using HospitalOps.Kernel.Demo;
using HospitalOps.Monitoring.Dashboards;
using HospitalOps.Monitoring.Query;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Parsing;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Demo;

/// <summary>The demo hospital, loaded once (a week of generated history ending at the test clock's now).</summary>
public sealed class DemoHospital : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public ApiClient Admin { get; private set; } = null!;

    /// <summary>Where the generated history ends, in Unix seconds.</summary>
    public long End { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" });
        foreach (var part in Host.Services.GetServices<IDemoData>().OrderBy(d => d.Order))
        {
            await part.LoadAsync(CancellationToken.None);
        }

        End = Host.Clock.GetUtcNow().ToUnixTimeSeconds();
        Admin = await Host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>
/// The built-in dashboards (src/Modules/Monitoring/Dashboards/BuiltIn/*.json) against the demo hospital: every file
/// is a valid definition served by the API, every metric a query names is one the demo generates, and every panel
/// shows data on first run — for every CI its variable offers, or for "All" where the variable has it.
/// </summary>
public sealed class BuiltInDashboardsTests(DemoHospital demo) : IClassFixture<DemoHospital>
{
    private static readonly string[] Expected =
    [
        "host-overview", "postgresql-overview", "oracle-overview", "sqlserver-overview", "mysql-overview",
        "middleware-overview", "clinical-interfaces", "clock-drift",
    ];

    /// <summary>Panels about replicas: they show data where the CI has one (a standby, a Data Guard or AG replica), not on every CI.</summary>
    private static readonly HashSet<(string Uid, string Panel)> OnlyWhereReplicated =
    [
        ("oracle-overview", "dataguard"),
        ("sqlserver-overview", "availability-group"),
        ("mysql-overview", "replication"),
    ];

    public static TheoryData<string> Uids => new(Expected);

    [Fact]
    public async Task TheFilesAreTheEightBuiltInDashboards_ValidAndServed()
    {
        Directory.GetFiles(Folder(), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ShouldBe(Expected.Order());
        foreach (var uid in Expected)
        {
            var dashboard = Load(uid);
            ((string?)dashboard["uid"]).ShouldBe(uid);
            foreach (var text in new[] { "title", "description" })
            {
                Bilingual(dashboard[text]).ShouldBeTrue($"{uid}: {text} is not {{\"zh-CN\", \"en\"}}");
            }

            var definition = (JsonObject)BuiltInDashboards.Localize(dashboard["definition"]!.DeepClone(), "en")!;
            var errors = new Dictionary<string, string>();
            var queryErrors = new Dictionary<string, string>();
            DashboardDefinition.Validate(definition, errors, queryErrors, PromQLCheck.ParseError);
            errors.ShouldBeEmpty($"{uid}: {string.Join("; ", errors.Select(e => $"{e.Key} {e.Value} {queryErrors.GetValueOrDefault(e.Key)}"))}");
            foreach (var panel in Panels(dashboard))
            {
                Bilingual(panel["title"]).ShouldBeTrue($"{uid}/{panel["id"]}: title is not bilingual");
                DashboardDefinition.Units.ShouldContain((string?)panel["unit"] ?? "none", $"{uid}/{panel["id"]}: a unit the web app does not format");
            }

            foreach (var variable in Variables(dashboard))
            {
                Bilingual(variable["title"]).ShouldBeTrue($"{uid}: variable title is not bilingual");
                ((string?)variable["label"]).ShouldBe("ci");
            }

            var served = await demo.Admin.GetAsync($"/api/v1/dashboards/{uid}");
            served.EnsureSuccessStatusCode();
            var body = await served.JsonAsync();
            body.GetProperty("definition").GetProperty("panels").GetArrayLength().ShouldBe(Panels(dashboard).Count);
        }
    }

    [Theory]
    [MemberData(nameof(Uids))]
    public async Task EveryMetricAQueryNames_IsGeneratedByTheDemo(string uid)
    {
        var dashboard = Load(uid);
        var missing = new List<string>();
        foreach (var variable in Variables(dashboard))
        {
            if ((await SeriesAsync((string)variable["metric"]!)).Count == 0)
            {
                missing.Add($"variable {variable["name"]}: {variable["metric"]}");
            }
        }

        foreach (var panel in Panels(dashboard))
        {
            foreach (var expr in Queries(panel))
            {
                foreach (var metric in MetricNames(PromQLParser.Parse(DashboardDefinition.WithPlaceholders(expr))))
                {
                    if ((await SeriesAsync(metric)).Count == 0)
                    {
                        missing.Add($"{panel["id"]}: {metric}");
                    }
                }
            }
        }

        missing.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Uids))]
    public async Task EveryPanelAndQuery_ShowsDataInTheDemo(string uid)
    {
        var dashboard = Load(uid);
        var variable = Variables(dashboard).FirstOrDefault();
        List<string> values;
        if (variable is null)
        {
            values = [string.Empty];
        }
        else if (variable["includeAll"]?.GetValue<bool>() == true)
        {
            values = [".+"];
        }
        else
        {
            values = (await SeriesAsync((string)variable["metric"]!))
                .Select(s => s.GetProperty("ci").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
            values.ShouldNotBeEmpty();
        }

        var problems = new List<string>();
        var answered = new HashSet<string>();
        foreach (var panel in Panels(dashboard))
        {
            var id = (string)panel["id"]!;
            var timeseries = (string?)panel["type"] == "timeseries";
            foreach (var value in values)
            {
                var any = false;
                foreach (var expr in Queries(panel))
                {
                    if (await HasDataAsync(expr.Replace("$ci", value, StringComparison.Ordinal), timeseries))
                    {
                        any = true;
                        answered.Add(expr);
                    }
                }

                if (!any && !OnlyWhereReplicated.Contains((uid, id)))
                {
                    problems.Add($"{id} has no data for ci={value}");
                }
            }
        }

        foreach (var panel in Panels(dashboard))
        {
            foreach (var expr in Queries(panel).Where(e => !answered.Contains(e)))
            {
                problems.Add($"{panel["id"]}: no data for any value: {expr}");
            }
        }

        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// Whether the query has data at the end of the demo's history: an instant query for stats, gauges, tables and
    /// bars; for charts, two 6-hour range queries, one on raw samples (2-minute steps) and one on five-minute rollups
    /// (10-minute steps), with <c>$__rate_interval</c> as the chart sets it, max(2 × step, 5m).
    /// </summary>
    private async Task<bool> HasDataAsync(string query, bool range)
    {
        if (!range)
        {
            return await QueryAsync($"/prometheus/api/v1/query?query={Uri.EscapeDataString(Interval(query, 0))}&time={demo.End}", query);
        }

        foreach (var step in new[] { 120, 600 })
        {
            var path = $"/prometheus/api/v1/query_range?query={Uri.EscapeDataString(Interval(query, step))}&start={demo.End - (6 * 3600)}&end={demo.End}&step={step}";
            if (!await QueryAsync(path, query))
            {
                return false;
            }
        }

        return true;

        static string Interval(string q, int step) => q.Replace("$__rate_interval", $"{Math.Max(2 * step, 300)}s", StringComparison.Ordinal);
    }

    private async Task<bool> QueryAsync(string path, string query)
    {
        var response = await demo.Admin.GetAsync(path);
        var body = await response.JsonAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{query}: {body}");
        var data = body.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "scalar" => true,
            "vector" => result.GetArrayLength() > 0,
            _ => result.EnumerateArray().Any(s => s.GetProperty("values").GetArrayLength() > 0),
        };
    }

    private async Task<List<JsonElement>> SeriesAsync(string selector)
    {
        var response = await demo.Admin.GetAsync($"/prometheus/api/v1/series?match[]={Uri.EscapeDataString(selector)}&start={demo.End - 3600}&end={demo.End}");
        var body = await response.JsonAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{selector}: {body}");
        return body.GetProperty("data").EnumerateArray().ToList();
    }

    private static IEnumerable<string> MetricNames(Expr expr) => expr switch
    {
        VectorSelector v => v.Name is { } name ? [name] : [],
        MatrixSelector m => MetricNames(m.Selector),
        SubqueryExpr s => MetricNames(s.Expr),
        ParenExpr p => MetricNames(p.Inner),
        UnaryExpr u => MetricNames(u.Operand),
        BinaryExpr b => MetricNames(b.Lhs).Concat(MetricNames(b.Rhs)),
        AggregateExpr a => MetricNames(a.Expr).Concat(a.Param is { } param ? MetricNames(param) : []),
        Call c => c.Args.SelectMany(MetricNames),
        _ => [],
    };

    private static bool Bilingual(JsonNode? node) =>
        node is JsonObject o && o.Count == 2 && o["zh-CN"] is JsonValue zh && o["en"] is JsonValue en
        && ((string?)zh)?.Length > 0 && ((string?)en)?.Length > 0;

    private static List<JsonObject> Panels(JsonObject dashboard) => dashboard["definition"]!["panels"]!.AsArray().Cast<JsonObject>().ToList();

    private static List<JsonObject> Variables(JsonObject dashboard) => dashboard["definition"]!["variables"]!.AsArray().Cast<JsonObject>().ToList();

    private static IEnumerable<string> Queries(JsonObject panel) => panel["queries"]!.AsArray().Select(q => (string)q!["expr"]!);

    private static JsonObject Load(string uid) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(), uid + ".json")))!;

    /// <summary>The dashboards' folder in the source tree, found upwards from the test binaries.</summary>
    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Modules", "Monitoring", "Dashboards", "BuiltIn");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/Modules/Monitoring/Dashboards/BuiltIn");
    }
}
