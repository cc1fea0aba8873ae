using System.Net;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.PromQL.Model;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Baselines;

/// <summary>
/// A baseline rule through the host: its profile is learned from four weeks of history and stored, a spike in the test week
/// becomes an event naming the pattern, the band and the value, a normal hour raises nothing, a holiday is judged as one,
/// and a series with too little history is not judged. The history comes from <see cref="HospitalWeeks"/> through a
/// stand-in for the metric store (the only part replaced).
/// </summary>
public sealed class BaselineRuleTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new(MonitoringApi.Manual) { ["Alerting:EvaluationEnabled"] = "false", ["Alerting:DeliveryEnabled"] = "false" };

    private readonly WeeksQueries _history = new();
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private long _rule;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Settings, services: s => s.AddSingleton<IMetricQueries>(_history));
        _admin = await _host.AdminAsync();
        var created = await _admin.PostAsync("/api/v1/alerting/rules", new { name = "门诊挂号量基线", group = "baseline", expr = "hospital_registrations", severity = "major", kind = "baseline" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var rule = await created.JsonAsync();
        rule.GetProperty("kind").GetString().ShouldBe("baseline");
        _rule = rule.GetProperty("id").GetInt64();
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private async Task EvaluateAsync(long at)
    {
        _host.Clock.Advance(TimeSpan.FromMilliseconds(at - _host.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await _host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync("baseline", at, CancellationToken.None);
    }

    /// <summary>The first evaluation starts learning the profiles in the background; the test waits for it, then evaluates.</summary>
    private async Task LearnThenEvaluateAsync(long at)
    {
        await EvaluateAsync(at - HospitalWeeks.Step);
        await _host.Services.GetRequiredService<HospitalOps.Alerting.Baselines.BaselineRules>().LearningOf(_rule);
        await EvaluateAsync(at);
    }

    private async Task<List<System.Text.Json.JsonElement>> EventsAsync() =>
        (await (await _admin.GetAsync("/api/v1/alerting/events")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task ASpike_BecomesAnEventNamingPatternBandAndValue_AndTheProfileIsLearnedOnce()
    {
        _history.Series["outpatient"] = new HospitalWeeks((t, v) => t >= HospitalWeeks.At(1, 10.5) && t < HospitalWeeks.At(1, 11.5) ? v * 3 : v).Series;

        await EvaluateAsync(HospitalWeeks.At(1, 8.75));
        (await EventsAsync()).ShouldBeEmpty("no profile yet: nothing is judged while it is learned");
        await _host.Services.GetRequiredService<HospitalOps.Alerting.Baselines.BaselineRules>().LearningOf(_rule);
        await EvaluateAsync(HospitalWeeks.At(1, 9.0));
        (await EventsAsync()).ShouldBeEmpty("a normal Tuesday morning");
        await using (var connection = await _host.Databases.Config.OpenAsync(CancellationToken.None))
        {
            (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM baseline_profiles")).ShouldBe(1);
        }

        var queries = _history.RangeQueries;
        await EvaluateAsync(HospitalWeeks.At(1, 10.75));
        _history.RangeQueries.ShouldBe(queries + 1, "the profile is a day old at most: only the recent window is read");

        var evt = (await EventsAsync()).Single();
        evt.GetProperty("labels").GetProperty("pattern").GetString().ShouldBe("RisingFast");
        evt.GetProperty("labels").GetProperty("unit").GetString().ShouldBe("outpatient");
        var described = evt.GetProperty("annotations").GetProperty("baseline").GetString()!;
        described.ShouldStartWith("增速过快：期望 ");
        described.ShouldContain("，实际 ");
        evt.GetProperty("title").GetString()!.ShouldContain("增速过快");

        await EvaluateAsync(HospitalWeeks.At(1, 14.0));
        (await EventsAsync()).Single().GetProperty("state").GetString().ShouldBe("resolved", "back inside its band");
    }

    [Fact]
    public async Task AHolidayWithoutItsTide_IsNormal_WhenTheCalendarSaysSo_AndABrokenTideOtherwise()
    {
        _history.Series["outpatient"] = new HospitalWeeks().Series;
        var holiday = HospitalWeeks.Holiday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await _admin.PutAsync($"/api/v1/calendars/holidays/{HospitalWeeks.Holiday.Year}", new { days = new[] { new { date = holiday, kind = "holiday", festival = "清明节" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await LearnThenEvaluateAsync(HospitalWeeks.At(2, 11.25));
        (await EventsAsync()).ShouldBeEmpty("a holiday rests, as the calendar says");

        (await _admin.PutAsync($"/api/v1/calendars/holidays/{HospitalWeeks.Holiday.Year}", new { days = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var connection = await _host.Databases.Config.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DELETE FROM baseline_profiles");
        }

        await LearnThenEvaluateAsync(HospitalWeeks.At(2, 11.5) + HospitalWeeks.Step);
        (await EventsAsync()).Single().GetProperty("labels").GetProperty("pattern").GetString().ShouldBe("BrokenTide", "without the calendar the quiet Wednesday is a missing tide");
    }

    [Fact]
    public async Task ASeriesWithLessThanAWeekOfHistory_IsNotJudged()
    {
        var weeks = new HospitalWeeks((t, v) => t >= HospitalWeeks.At(1, 10.5) ? v * 3 : v).Series;
        _history.Series["new-clinic"] = weeks.Slice(HospitalWeeks.At(-3, 0), weeks.End);
        await LearnThenEvaluateAsync(HospitalWeeks.At(1, 11.0));
        (await EventsAsync()).ShouldBeEmpty();
        await using var connection = await _host.Databases.Config.OpenAsync(CancellationToken.None);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM baseline_profiles")).ShouldBe(0);
    }

    [Fact]
    public async Task ARecoveryCondition_IsRefusedForABaselineRule()
    {
        var response = await _admin.PostAsync("/api/v1/alerting/rules", new { name = "x", group = "g", expr = "up", recoverExpr = "up", severity = "minor", kind = "baseline" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("recoverExpr")).ShouldBe("invalid_value");
        (await (await _admin.PostAsync("/api/v1/alerting/rules", new { name = "y", group = "g", expr = "up", severity = "minor", kind = "seasonal" })).FieldErrorAsync("kind")).ShouldBe("invalid_value");
    }

    /// <summary>The metric store as the baseline rule sees it: named series of <c>hospital_registrations{unit=…}</c>, answered on the grid asked for.</summary>
    private sealed class WeeksQueries : IMetricQueries
    {
        public Dictionary<string, HospitalOps.Alerting.Baselines.RegularSeries> Series { get; } = [];

        public int RangeQueries { get; private set; }

        public Task<QueryResult> InstantAsync(string promql, long timeMs, CancellationToken ct) =>
            Task.FromResult(new QueryResult(new VectorValue([]), [], 0));

        public Task<QueryResult> RangeAsync(string promql, long startMs, long endMs, long stepMs, CancellationToken ct)
        {
            RangeQueries++;
            var result = new List<RangeSeries>();
            foreach (var (unit, series) in Series)
            {
                var points = new List<Sample>();
                for (var t = startMs; t <= endMs; t += stepMs)
                {
                    var index = (t - series.Start) / series.Step;
                    if (index >= 0 && index < series.Count && (t - series.Start) % series.Step == 0)
                    {
                        points.Add(new Sample(t, series.Values.Span[(int)index]));
                    }
                }

                if (points.Count > 0)
                {
                    result.Add(new RangeSeries(Labels.From(("__name__", "hospital_registrations"), ("unit", unit)), points));
                }
            }

            return Task.FromResult(new QueryResult(new MatrixValue(result), [], 0));
        }
    }
}
