using System.Collections.Concurrent;
using HospitalOps.Alerting.Rules;
using HospitalOps.PromQL.Model;

namespace HospitalOps.Alerting.Baselines;

/// <summary>One series of a baseline rule over the detectors' window, on the rule's grid.</summary>
internal sealed record WindowSeries(string Key, Labels Labels, RegularSeries Series);

/// <summary>
/// The detectors' window (the last day on the 5-minute grid) of every series of each baseline rule, kept between
/// evaluations. A rule's day is read from the history once; each later evaluation reads only the steps since the previous
/// one, and the <see cref="OverlapSteps"/> before them again for samples that arrived late, and moves the window on.
/// Reading the whole day every 15 s cost about 8 ms per rule (bench/rule-evaluation.sh), most of it in the history's
/// stored windows, where the last steps come from its recent part in memory. The day is read whole again when the rule
/// changes, when a series appears, after a pause longer than the window, and every <see cref="RebuildMs"/> (so a backfill
/// of older steps is seen within the hour).
/// </summary>
internal sealed class RecentWindows
{
    public const int OverlapSteps = 2;
    public const long RebuildMs = 3_600_000;

    /// <summary>Reads a rule's expression from <c>start</c> to <c>end</c> (both included) on the grid.</summary>
    public delegate Task<IReadOnlyList<RangeSeries>> RangeReader(string expr, long start, long end, CancellationToken ct);

    private sealed record Entry(int Version, string Expr, long Start, long End, long ReadWholeAt, long Step, Dictionary<string, (Labels Labels, double[] Values)> Series);

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async Task<IReadOnlyList<WindowSeries>> ReadAsync(AlertRuleRow rule, long start, long end, long step, Func<Labels, string> key, RangeReader read, CancellationToken ct)
    {
        var length = (int)((end - start) / step) + 1;
        foreach (var (ruleId, unused) in _entries)
        {
            // A rule deleted or disabled is no longer evaluated: its window goes an hour later.
            if (unused.End < end - RebuildMs)
            {
                _entries.TryRemove(ruleId, out _);
            }
        }

        if (_entries.TryGetValue(rule.Id, out var entry) && CanMoveOn(entry, rule, start, end, step))
        {
            var from = Math.Max(start, entry.End - (OverlapSteps * step));
            var latest = await read(rule.Expr, from, end, ct);
            if (latest.All(s => entry.Series.ContainsKey(key(s.Labels))))
            {
                var byKey = latest.ToDictionary(s => key(s.Labels), StringComparer.Ordinal);
                var moved = new Dictionary<string, (Labels, double[])>(entry.Series.Count, StringComparer.Ordinal);
                foreach (var (seriesKey, (labels, old)) in entry.Series)
                {
                    var values = new double[length];
                    Array.Fill(values, double.NaN);
                    var shift = (int)((entry.Start - start) / step);
                    var keep = (int)((from - start) / step);
                    for (var i = Math.Max(0, -shift); i < old.Length && i + shift < keep; i++)
                    {
                        values[i + shift] = old[i];
                    }

                    if (byKey.TryGetValue(seriesKey, out var fresh))
                    {
                        Place(fresh.Points, start, step, values);
                    }

                    moved[seriesKey] = (fresh?.Labels ?? labels, values);
                }

                var next = entry with { Start = start, End = end, Series = moved };
                _entries[rule.Id] = next;
                return View(next);
            }
        }

        var whole = new Dictionary<string, (Labels, double[])>(StringComparer.Ordinal);
        foreach (var series in await read(rule.Expr, start, end, ct))
        {
            var values = new double[length];
            Array.Fill(values, double.NaN);
            Place(series.Points, start, step, values);
            whole[key(series.Labels)] = (series.Labels, values);
        }

        var built = new Entry(rule.Version, rule.Expr, start, end, end, step, whole);
        _entries[rule.Id] = built;
        return View(built);
    }

    private static bool CanMoveOn(Entry entry, AlertRuleRow rule, long start, long end, long step) =>
        entry.Version == rule.Version && entry.Expr == rule.Expr && entry.Step == step
        && end >= entry.End && start <= entry.End && end - entry.ReadWholeAt < RebuildMs
        && (entry.Start - start) % step == 0;

    private static void Place(IReadOnlyList<Sample> points, long start, long step, double[] values)
    {
        foreach (var point in points)
        {
            var index = (point.T - start) / step;
            if (index >= 0 && index < values.Length && (point.T - start) % step == 0)
            {
                values[index] = point.V;
            }
        }
    }

    private static List<WindowSeries> View(Entry entry) =>
        entry.Series.Select(s => new WindowSeries(s.Key, s.Value.Labels, new RegularSeries(entry.Start, entry.Step, s.Value.Values))).ToList();
}
