using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines.Harness;

/// <summary>One alert as an operator would see it: consecutive firings of one label on one series.</summary>
internal sealed record DetectionEvent(int Series, string Label, long FirstDetected, long LastDetected);

/// <summary>
/// Turns the firings of one method on one series into events: a firing of a label within
/// <see cref="MergeGap"/> of that label's previous one continues its event, as the alerting pipeline holds a
/// flapping alert (three firings within an hour) as one event.
/// </summary>
internal sealed class EventRecorder(int series, long mergeGap)
{
    private readonly Dictionary<string, (long First, long Last)> _open = [];
    private readonly List<DetectionEvent> _events = [];

    public long MergeGap => mergeGap;

    public void Fire(string label, long at)
    {
        if (_open.TryGetValue(label, out var open) && at - open.Last <= mergeGap)
        {
            _open[label] = (open.First, at);
            return;
        }

        if (_open.ContainsKey(label))
        {
            _events.Add(new DetectionEvent(series, label, open.First, open.Last));
        }

        _open[label] = (at, at);
    }

    public IReadOnlyList<DetectionEvent> Finish()
    {
        foreach (var (label, open) in _open)
        {
            _events.Add(new DetectionEvent(series, label, open.First, open.Last));
        }

        _open.Clear();
        return _events;
    }
}

/// <summary>Per pattern: how many were injected, how many some event found, and how late.</summary>
internal sealed record PatternRecall(AnomalyPattern Pattern, int Injected, int Found, double MedianDelayMinutes)
{
    public int Missed => Injected - Found;

    public double Recall => Injected == 0 ? double.NaN : (double)Found / Injected;
}

/// <summary>Per label (a pattern, or a side of a threshold): events that found an anomaly, events that found another's anomaly again, and false alarms.</summary>
internal sealed record LabelPrecision(string Label, int TruePositives, int Duplicates, int FalsePositives, int FalsePositivesOnCleanSeries)
{
    public double Precision => TruePositives + FalsePositives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalsePositives);
}

internal sealed record MethodScore(string Method, IReadOnlyList<PatternRecall> Recall, IReadOnlyList<LabelPrecision> Precision)
{
    public PatternRecall RecallOf(AnomalyPattern pattern) => Recall.Single(r => r.Pattern == pattern);

    public LabelPrecision? PrecisionOf(string label) => Precision.SingleOrDefault(p => p.Label == label);
}

/// <summary>
/// Event-level scoring. An event matches an injected anomaly on its series when its label fits the pattern and it was
/// first detected within [start, end + lag]: the lag lets a short anomaly be confirmed by the samples that show it
/// held (a 15-minute spike is known only after its sustain time), and nothing detected before an anomaly began can
/// be about it. The first event matching an anomaly is a true positive; later ones matching the same anomaly are
/// duplicates (a repeat alert, neither right nor wrong, counted apart); an event matching none is a false positive —
/// including one with the wrong pattern inside an injected interval. An anomaly no event matched is a false negative.
/// </summary>
internal static class DetectionScorer
{
    public static MethodScore Score(string method, IReadOnlyList<SyntheticSeries> series, IReadOnlyList<IReadOnlyList<DetectionEvent>> events, Func<string, AnomalyPattern, bool> fits, long lag)
    {
        var found = new Dictionary<InjectedAnomaly, long>();
        var labels = new Dictionary<string, (int Tp, int Dup, int Fp, int FpClean)>();
        for (var s = 0; s < series.Count; s++)
        {
            foreach (var e in events[s].OrderBy(e => e.FirstDetected))
            {
                var match = series[s].Injected.FirstOrDefault(a => fits(e.Label, a.Pattern) && e.FirstDetected >= a.Start && e.FirstDetected <= a.End + lag);
                var counts = labels.GetValueOrDefault(e.Label);
                if (match is null)
                {
                    counts.Fp++;
                    counts.FpClean += series[s].Injected.Count == 0 ? 1 : 0;
                }
                else if (found.TryAdd(match, e.FirstDetected - match.Start))
                {
                    counts.Tp++;
                }
                else
                {
                    counts.Dup++;
                }

                labels[e.Label] = counts;
            }
        }

        var recall = Enum.GetValues<AnomalyPattern>().Select(p =>
        {
            var injected = series.SelectMany(s => s.Injected).Where(a => a.Pattern == p).ToList();
            var delays = injected.Where(found.ContainsKey).Select(a => found[a] / 60_000.0).ToArray();
            return new PatternRecall(p, injected.Count, delays.Length, delays.Length == 0 ? double.NaN : RobustStatistics.Quantile(delays, 0.5));
        }).ToList();
        var precision = labels.Select(l => new LabelPrecision(l.Key, l.Value.Tp, l.Value.Dup, l.Value.Fp, l.Value.FpClean)).OrderBy(l => l.Label, StringComparer.Ordinal).ToList();
        return new MethodScore(method, recall, precision);
    }
}
