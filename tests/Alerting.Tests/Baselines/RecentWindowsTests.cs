using HospitalOps.Alerting.Baselines;
using HospitalOps.Alerting.Rules;
using HospitalOps.PromQL.Model;

namespace HospitalOps.Alerting.Tests.Baselines;

/// <summary>
/// The baseline rules' windows kept between evaluations: each must equal what reading the whole window anew gives, while
/// the history is read whole only the first time, when the rule changes, when a series appears and every hour.
/// </summary>
public sealed class RecentWindowsTests
{
    private const long Step = 300_000;
    private const long Day = 86_400_000;
    private static readonly long T0 = DateTimeOffset.Parse("2026-11-02T00:00:00Z").ToUnixTimeMilliseconds();

    /// <summary>A history of series "a" and "b" (and "c" from <see cref="CAppearsAt"/>): value = time in minutes + series offset; gaps where asked.</summary>
    private sealed class History
    {
        public List<(long From, long To)> Reads { get; } = [];

        public long CAppearsAt { get; set; } = long.MaxValue;

        public HashSet<long> Missing { get; } = [];

        public Dictionary<long, double> Overwritten { get; } = [];

        public Task<IReadOnlyList<RangeSeries>> ReadAsync(string expr, long from, long to, CancellationToken ct)
        {
            Reads.Add((from, to));
            var names = new List<(string Name, double Offset)> { ("a", 0), ("b", 0.5) };
            if (to >= CAppearsAt)
            {
                names.Add(("c", 0.25));
            }

            IReadOnlyList<RangeSeries> result = names.Select(n => new RangeSeries(
                Labels.From([new Label("host", n.Name)]),
                Enumerable.Range(0, (int)((to - from) / Step) + 1)
                    .Select(i => from + (i * Step))
                    .Where(t => !Missing.Contains(t) && (n.Name != "c" || t >= CAppearsAt))
                    .Select(t => new Sample(t, Overwritten.TryGetValue(t, out var v) ? v + n.Offset : (t / 60_000.0) + n.Offset))
                    .ToList())).ToList();
            return Task.FromResult(result);
        }
    }

    private static AlertRuleRow Rule(int version = 1, string expr = "load") => new() { Id = 7, Version = version, Expr = expr, Kind = RuleKind.Baseline };

    private static string Key(Labels labels) => labels.Get("host")!;

    private static async Task<Dictionary<string, double[]>> ReadAsync(RecentWindows windows, History history, long end, AlertRuleRow? rule = null) =>
        (await windows.ReadAsync(rule ?? Rule(), end - Day, end, Step, Key, history.ReadAsync, CancellationToken.None))
            .ToDictionary(s => s.Key, s => s.Series.Values.ToArray());

    private static async Task<Dictionary<string, double[]>> ReadWholeAsync(History history, long end) =>
        await ReadAsync(new RecentWindows(), history, end);

    [Fact]
    public async Task LaterEvaluations_ReadOnlyTheNewStepsAndTwoBefore_AndGiveTheSameWindowAsReadingItWhole()
    {
        var history = new History();
        var windows = new RecentWindows();
        var first = T0 + (3 * Day);
        await ReadAsync(windows, history, first);
        history.Reads.ShouldBe([(first - Day, first)]);

        // Same step again (evaluations every 15 s), then one step on, then three steps on.
        foreach (var end in new[] { first, first + Step, first + (4 * Step) })
        {
            history.Reads.Clear();
            var kept = await ReadAsync(windows, history, end);
            var previousEnd = end == first ? first : end == first + Step ? first : first + Step;
            history.Reads.ShouldBe([(previousEnd - (2 * Step), end)]);
            kept.Keys.Order().ShouldBe(["a", "b"]);
            var whole = await ReadWholeAsync(new History(), end);
            kept["a"].ShouldBe(whole["a"]);
            kept["b"].ShouldBe(whole["b"]);
            kept["a"].Length.ShouldBe(289);
            kept["a"][^1].ShouldBe(end / 60_000.0);
        }
    }

    [Fact]
    public async Task ASampleThatArrivesLate_WithinTheTwoStepsBefore_IsSeen_AndAGapStaysAGap()
    {
        var history = new History();
        var windows = new RecentWindows();
        var end = T0 + (3 * Day);
        history.Missing.Add(end);
        history.Missing.Add(end - (10 * Step));
        var before = await ReadAsync(windows, history, end);
        double.IsNaN(before["a"][^1]).ShouldBeTrue();

        history.Missing.Remove(end);
        var after = await ReadAsync(windows, history, end + Step);
        after["a"][^2].ShouldBe(end / 60_000.0);
        double.IsNaN(after["a"][^12]).ShouldBeTrue();
    }

    [Fact]
    public async Task TheWindowIsReadWhole_WhenTheRuleChanges_WhenASeriesAppears_AfterAPause_AndEveryHour()
    {
        var history = new History();
        var windows = new RecentWindows();
        var end = T0 + (3 * Day);
        await ReadAsync(windows, history, end);

        history.Reads.Clear();
        await ReadAsync(windows, history, end + Step, Rule(version: 2));
        history.Reads.ShouldBe([(end + Step - Day, end + Step)]);

        history.Reads.Clear();
        history.CAppearsAt = end + (2 * Step);
        var withC = await ReadAsync(windows, history, end + (2 * Step), Rule(version: 2));
        history.Reads.Count.ShouldBe(2);
        history.Reads[^1].ShouldBe((end + (2 * Step) - Day, end + (2 * Step)));
        withC.Keys.Order().ShouldBe(["a", "b", "c"]);

        history.Reads.Clear();
        var afterPause = end + (2 * Step) + Day + Step;
        await ReadAsync(windows, history, afterPause, Rule(version: 2));
        history.Reads.ShouldBe([(afterPause - Day, afterPause)]);

        // Within the hour the window moves on; at the hour it is read whole (a backfill of older steps shows then).
        history.Overwritten[afterPause - (30 * Step)] = -1;
        history.Reads.Clear();
        var moved = await ReadAsync(windows, history, afterPause + (11 * Step), Rule(version: 2));
        history.Reads.Count.ShouldBe(1);
        moved["a"][^42].ShouldBe((afterPause - (30 * Step)) / 60_000.0);

        history.Reads.Clear();
        var hourLater = await ReadAsync(windows, history, afterPause + (12 * Step), Rule(version: 2));
        history.Reads.ShouldBe([(afterPause + (12 * Step) - Day, afterPause + (12 * Step))]);
        hourLater["a"][^43].ShouldBe(-1);
    }
}
