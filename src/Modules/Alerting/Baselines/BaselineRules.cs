using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.PromQL.Model;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Baselines;

/// <summary>A series departing from its baseline now: the alert's sample (its labels with <c>pattern</c>) and what was found.</summary>
internal sealed record BaselineFinding(VectorSample Sample, Anomaly Anomaly);

/// <summary>
/// Baseline rules as the product runs them: the rule's expression is read over the last day on a 5-minute grid and each
/// series is judged against its own profile by the five detectors; a series departing now is an alert labelled with the
/// pattern. Profiles are learned from the last four weeks, in the background, and learned again once they are a day old
/// (all of a rule's series in one query). A series with less than a week of history has no profile yet and is not judged.
/// </summary>
internal sealed class BaselineRules(Databases databases, IMetricQueries queries, AlertingOptions options, ILogger<BaselineRules> log)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Task> _learning = new();
    private readonly RecentWindows _windows = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Dictionary<string, (long LearnedAt, SeasonalProfile Profile)>> _profiles = new();

    public const long StepMs = 5 * 60_000;
    public const int HistoryDays = 28;
    public const int MinHistoryDays = 7;
    public static readonly long RelearnMs = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    private static readonly DetectorSettings Settings = DetectorSettings.Default;

    private sealed record StoredProfile(string Fingerprint, string Profile, long LearnedAt);

    public async Task<IReadOnlyList<BaselineFinding>> EvaluateAsync(AlertRuleRow rule, long at, WorkCalendar calendar, CancellationToken ct)
    {
        var end = at - (at % StepMs);
        var start = end - (Settings.WindowMinutes * 60_000L);
        var recent = await _windows.ReadAsync(rule, start, end, StepMs, SeriesKey, (expr, from, to, token) => MatrixAsync(expr, from, to, token), ct);
        if (recent.Count == 0)
        {
            return [];
        }

        var profiles = await ProfilesAsync(rule, recent, end, calendar, ct);
        var evaluator = new BaselineEvaluator(Settings);
        var found = new List<Anomaly>();
        var findings = new List<BaselineFinding>();
        foreach (var series in recent)
        {
            if (!profiles.TryGetValue(series.Key, out var profile))
            {
                continue;
            }

            found.Clear();
            evaluator.Evaluate(profile, calendar, series.Series, found);
            // Only what the latest points show is an alert now; a departure that ended earlier in the window is history.
            foreach (var anomaly in found.Where(a => a.DetectedAt >= end - (2 * StepMs)))
            {
                var labels = Labels.From(series.Labels.AsSpan().ToArray().Where(l => l.Name is not ("pattern" or Labels.MetricName)).Append(new Label("pattern", anomaly.Pattern.ToString())));
                findings.Add(new BaselineFinding(new VectorSample(labels, end, anomaly.Observed), anomaly));
            }
        }

        return findings;
    }

    /// <summary>What an alert of a baseline rule says about itself: the pattern in words, the band it left, what was seen.</summary>
    public static string Describe(Anomaly anomaly) => string.Create(CultureInfo.InvariantCulture,
        $"{PatternName(anomaly.Pattern)}：期望 {anomaly.ExpectedLow:0.###}–{anomaly.ExpectedHigh:0.###}，实际 {anomaly.Observed:0.###}");

    public static string PatternName(AnomalyPattern pattern) => pattern switch
    {
        AnomalyPattern.RisingFast => "增速过快",
        AnomalyPattern.FallingFast => "降速过快",
        AnomalyPattern.RisingNoFall => "有增无减（高负载）",
        AnomalyPattern.FallingNoRecovery => "有减无增",
        _ => "潮起潮落中断",
    };

    /// <summary>
    /// The stored profiles of the rule's series. When some are missing or a day old, the rule's profiles are learned again in
    /// the background (one learning per rule at a time): four weeks of history is a long read, and an evaluation must stay
    /// short. Until then a stale profile is used, and a series without one is not judged. Profiles are kept in memory as
    /// read; an evaluation reads only when each was learned, and a profile again only when it was learned anew.
    /// </summary>
    private async Task<Dictionary<string, SeasonalProfile>> ProfilesAsync(AlertRuleRow rule, IReadOnlyList<WindowSeries> recent, long end, WorkCalendar calendar, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var learnedAt = (await connection.QueryAsync<(string Fingerprint, long LearnedAt)>(new CommandDefinition(
            "SELECT fingerprint, learned_at FROM baseline_profiles WHERE rule_id = @Id", new { rule.Id }, cancellationToken: ct)))
            .ToDictionary(p => p.Fingerprint, p => p.LearnedAt, StringComparer.Ordinal);
        var known = _profiles.GetOrAdd(rule.Id, _ => new Dictionary<string, (long, SeasonalProfile)>(StringComparer.Ordinal));
        var changed = learnedAt.Where(p => !known.TryGetValue(p.Key, out var k) || k.LearnedAt != p.Value).Select(p => p.Key).ToList();
        if (changed.Count > 0 || known.Count != learnedAt.Count)
        {
            var read = await connection.QueryAsync<StoredProfile>(new CommandDefinition(
                "SELECT fingerprint AS Fingerprint, profile AS Profile, learned_at AS LearnedAt FROM baseline_profiles WHERE rule_id = @Id", new { rule.Id }, cancellationToken: ct));
            var fresh = new Dictionary<string, (long, SeasonalProfile)>(StringComparer.Ordinal);
            foreach (var stored in read)
            {
                fresh[stored.Fingerprint] = known.TryGetValue(stored.Fingerprint, out var k) && k.LearnedAt == stored.LearnedAt
                    ? k
                    : (stored.LearnedAt, JsonSerializer.Deserialize<SeasonalProfile>(stored.Profile)!);
            }

            known = fresh;
            _profiles[rule.Id] = known;
        }

        var profiles = new Dictionary<string, SeasonalProfile>(StringComparer.Ordinal);
        var stale = false;
        foreach (var series in recent)
        {
            if (known.TryGetValue(series.Key, out var profile))
            {
                profiles[series.Key] = profile.Profile;
                stale |= profile.LearnedAt <= end - RelearnMs;
            }
            else
            {
                stale = true;
            }
        }

        // A rule's group is evaluated by one node at a time, so two learnings of one rule never start together.
        if (stale && (!_learning.TryGetValue(rule.Id, out var running) || running.IsCompleted))
        {
            _learning[rule.Id] = Task.Run(() => LearnAsync(rule, end, calendar));
        }

        return profiles;
    }

    /// <summary>The learning of a rule's profiles under way, or a finished task (for tests and shutdown).</summary>
    public Task LearningOf(long ruleId) => _learning.TryGetValue(ruleId, out var task) ? task : Task.CompletedTask;

    private async Task LearnAsync(AlertRuleRow rule, long end, WorkCalendar calendar)
    {
        try
        {
            var historyStart = end - (long)TimeSpan.FromDays(HistoryDays).TotalMilliseconds;
            var settings = new ProfileSettings(options.Zone);
            var learned = new List<(string Key, string Labels, string Json)>();
            foreach (var series in await MatrixAsync(rule.Expr, historyStart, end, CancellationToken.None))
            {
                if (series.Points.Count * StepMs < (long)TimeSpan.FromDays(MinHistoryDays).TotalMilliseconds)
                {
                    continue;
                }

                var profile = SeasonalProfile.Learn(Regular(series.Points, historyStart, end), calendar, settings);
                learned.Add((SeriesKey(series.Labels), series.Labels.ToString(), JsonSerializer.Serialize(profile)));
            }

            await using var connection = await databases.Config.OpenAsync(CancellationToken.None);
            await using var tx = await Database.BeginWriteAsync(connection, CancellationToken.None);
            foreach (var (key, labels, json) in learned)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO baseline_profiles (rule_id, fingerprint, labels, profile, learned_at) VALUES (@rule, @key, @labels, @json, @end)
                    ON CONFLICT (rule_id, fingerprint) DO UPDATE SET labels = excluded.labels, profile = excluded.profile, learned_at = excluded.learned_at
                    """,
                    new { rule = rule.Id, key, labels, json, end }, tx));
            }

            await tx.CommitAsync();
        }
        catch (Exception ex) when (ex is PromQLException or ArgumentException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The rule's condition is checked at save; what fails here (a limit, a database busy) is tried again at the next evaluation.
            log.LogWarning("Learning the baselines of rule {Rule} failed: {Error}", rule.Id, ex.Message);
        }
    }

    private async Task<IReadOnlyList<RangeSeries>> MatrixAsync(string expr, long start, long end, CancellationToken ct) =>
        (await queries.RangeAsync(expr, start, end, StepMs, ct)).Value is MatrixValue matrix ? matrix.Series : [];

    /// <summary>The series on the grid from <paramref name="start"/> to <paramref name="end"/> (both included), NaN where a step has no value.</summary>
    private static RegularSeries Regular(IReadOnlyList<Sample> points, long start, long end)
    {
        var values = new double[(int)((end - start) / StepMs) + 1];
        Array.Fill(values, double.NaN);
        foreach (var point in points)
        {
            var index = (point.T - start) / StepMs;
            if (index >= 0 && index < values.Length)
            {
                values[index] = point.V;
            }
        }

        return new RegularSeries(start, StepMs, values);
    }

    private static string SeriesKey(Labels labels) =>
        CompiledRule.Fingerprint(new SortedDictionary<string, string>(labels.AsSpan().ToArray().Where(l => l.Name != Labels.MetricName).ToDictionary(l => l.Name, l => l.Value), StringComparer.Ordinal));
}
