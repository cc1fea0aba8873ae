using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;
using PromLabels = HospitalOps.PromQL.Model.Labels;
using PromSample = HospitalOps.PromQL.Model.Sample;
using MatchType = HospitalOps.PromQL.Model.MatchType;

namespace HospitalOps.Monitoring.Query;

/// <summary>
/// The history store as the query engine sees it. Raw samples for short steps; for steps of five minutes and more
/// (and for any part of the range older than the raw retention) one point per rollup bucket, so a 30-day chart reads
/// a few thousand points per series instead of a hundred thousand.
/// </summary>
internal sealed class HistorySeriesSource(SeriesIndex index, HistoryStore store, HistoryOptions options, TimeProvider clock, int maxSeries) : ISeriesSource
{
    /// <summary>Functions that read a counter: over rollups they see each bucket's highest value, a counter's last one.</summary>
    private static readonly HashSet<string> CounterFunctions = new(StringComparer.Ordinal)
    {
        "rate", "irate", "increase", "resets", "delta", "idelta", "deriv", "changes",
    };

    public async Task<IReadOnlyList<SeriesData>> SelectAsync(SelectRequest request, CancellationToken ct)
    {
        var matchers = request.Matchers.Select(ToStoreMatcher).ToList();
        IReadOnlyList<(long Id, SeriesLabels Labels)> found;
        try
        {
            found = await index.SelectAsync(matchers, maxSeries + 1, ct);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw new PromQLException(QueryErrorType.Execution, $"a regular expression of {{{string.Join(", ", request.Matchers)}}} took too long to match the label values");
        }

        if (found.Count > maxSeries)
        {
            throw new PromQLException(QueryErrorType.Execution, $"the selector {{{string.Join(", ", request.Matchers)}}} matches more than {maxSeries} series");
        }

        if (found.Count == 0)
        {
            return [];
        }

        var ids = found.Select(f => f.Id).ToList();
        var resolution = ResolutionFor(request);
        var result = new List<SeriesData>(found.Count);
        if (resolution == 0)
        {
            // A large selection is read and decoded in parts side by side (each part on its own connection), one per core.
            var parts = found.Count < ParallelReadFrom ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 8);
            var size = (found.Count + parts - 1) / parts;
            var read = await Task.WhenAll(found.Chunk(size).Select(part => Task.Run(() => ReadRawAsync(part, request.MinT, request.MaxT, ct), ct)));
            foreach (var part in read)
            {
                result.AddRange(part);
            }

            return SortedLikePrometheus(result);
        }

        var rollups = await store.ReadRollupsAsync(ids, request.MinT, request.MaxT, resolution, ct);
        var valueOf = ValueOf(request.Function);
        foreach (var (id, labels) in found)
        {
            var points = rollups[id];
            var samples = new List<PromSample>(points.Count);
            foreach (var p in points)
            {
                // The point stands at the end of its bucket: a step at t sees the bucket that closed by t.
                var t = p.BucketStartMs + resolution - 1;
                if (p.Count > 0 && t >= request.MinT && t <= request.MaxT)
                {
                    samples.Add(new PromSample(t, valueOf(p)));
                }
            }

            result.Add(new SeriesData(ToPromLabels(labels), samples.ToArray()));
        }

        return SortedLikePrometheus(result);
    }

    /// <summary>Selections of at least this many series are read in parallel parts.</summary>
    private const int ParallelReadFrom = 2_000;

    private async Task<List<SeriesData>> ReadRawAsync((long Id, SeriesLabels Labels)[] part, long from, long to, CancellationToken ct)
    {
        var raw = await store.ReadRawChunksAsync(part.Select(p => p.Id).ToList(), from, to, ct);
        var scratch = new List<History.Chunks.Sample>();
        var result = new List<SeriesData>(part.Length);
        foreach (var (id, labels) in part)
        {
            result.Add(new SeriesData(ToPromLabels(labels), Decode(raw[id], from, to, scratch)));
        }

        return result;
    }

    /// <summary>Prometheus's storage yields series sorted by labels; where an operator breaks ties by input order, so do we.</summary>
    private static List<SeriesData> SortedLikePrometheus(List<SeriesData> series)
    {
        var keys = new string[series.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (SortKeys.TryGetValue(series[i].Labels, out var key) && key is not null)
            {
                keys[i] = key;
                continue;
            }

            // A label containing the separator: compare label by label.
            series.Sort((a, b) => PromLabels.Compare(a.Labels, b.Labels));
            return series;
        }

        var items = series.ToArray();
        Array.Sort(keys, items, StringComparer.Ordinal);
        series.Clear();
        series.AddRange(items);
        return series;
    }

    /// <summary>Samples of the chunks in [from, to] in the engine's form, decoded through one buffer reused for every series.</summary>
    private static PromSample[] Decode(List<byte[]> chunks, long from, long to, List<History.Chunks.Sample> scratch) =>
        HistoryStore.DecodeInOrder(chunks, from, to, scratch) ? ToPromSamples(scratch) : ToPromSamples(HistoryStore.Decode(chunks, from, to));

    /// <summary>
    /// Raw data unless the step is long: a plain selector at steps of five minutes and more reads five-minute
    /// rollups (its lookback always holds a bucket's end); a range selector reads rollups only when its range spans
    /// at least two buckets (five-minute ones from ten minutes, hourly ones from two hours at hourly steps), so
    /// <c>rate(x[5m])</c> keeps Prometheus's meaning at any step. Data older than the raw retention exists only as
    /// rollups and is read from them whatever the query.
    /// </summary>
    internal long ResolutionFor(SelectRequest request)
    {
        var olderThanRaw = request.MinT < RawRetentionStart();
        if (request.RangeMs > 0)
        {
            if (request.StepMs >= Downsample.OneHourMs && request.RangeMs >= 2 * Downsample.OneHourMs)
            {
                return Downsample.OneHourMs;
            }

            return (request.StepMs >= Downsample.FiveMinutesMs && request.RangeMs >= 2 * Downsample.FiveMinutesMs) || olderThanRaw ? Downsample.FiveMinutesMs : 0;
        }

        return request.StepMs >= Downsample.FiveMinutesMs || olderThanRaw ? Downsample.FiveMinutesMs : 0;
    }

    private long RawRetentionStart() => clock.GetUtcNow().ToUnixTimeMilliseconds() - (options.RawRetentionDays * 86_400_000L);

    private static Func<RollupPoint, double> ValueOf(string? function) => function switch
    {
        "min_over_time" => p => p.Min,
        "max_over_time" => p => p.Max,
        not null when CounterFunctions.Contains(function) => p => p.Max,
        _ => p => p.Sum / p.Count,
    };

    internal static LabelMatcher ToStoreMatcher(Matcher m)
    {
        var kind = m.Type switch
        {
            MatchType.Equal => MatchKind.Equal,
            MatchType.NotEqual => MatchKind.NotEqual,
            MatchType.Regex => MatchKind.Regex,
            _ => MatchKind.NotRegex,
        };
        return kind is MatchKind.Regex or MatchKind.NotRegex
            ? new LabelMatcher(m.Name, kind, m.Value, RegexDialect.CompileAnchored(m.Value, System.Text.RegularExpressions.RegexOptions.Singleline))
            : new LabelMatcher(m.Name, kind, m.Value);
    }

    /// <summary>The engine's form of a series' labels, made once per label set the index keeps (with its sort key).</summary>
    internal static PromLabels ToPromLabels(SeriesLabels labels) =>
        Converted.GetValue(labels, l =>
        {
            var converted = PromLabels.From(l.WithName().Select(x => new Label(x.Name, x.Value)));
            SortKeys.AddOrUpdate(converted, SortKeyOf(converted));
            return converted;
        });

    /// <summary>
    /// Names and values joined with NUL, which sorts below every other character: ordinal order of the keys is
    /// <see cref="PromLabels.Compare"/>'s order, at the cost of one string comparison. Null when a label holds a NUL.
    /// </summary>
    private static string? SortKeyOf(PromLabels labels)
    {
        var text = new System.Text.StringBuilder();
        foreach (var label in labels.AsSpan())
        {
            if (label.Name.Contains('\0', StringComparison.Ordinal) || label.Value.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            text.Append(label.Name).Append('\0').Append(label.Value).Append('\0');
        }

        return text.ToString();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SeriesLabels, PromLabels> Converted = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PromLabels, string?> SortKeys = [];

    private static PromSample[] ToPromSamples(List<History.Chunks.Sample> samples)
    {
        var result = new PromSample[samples.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new PromSample(samples[i].TimestampMs, samples[i].Value);
        }

        return result;
    }
}
