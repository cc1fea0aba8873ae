using System.Globalization;
using System.Text;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Import;

/// <summary>What an import did, or why it did nothing.</summary>
public sealed record ImportOutcome(bool Imported, long Lines, int Series, long Samples, long MinT, long MaxT, IReadOnlyList<string> Errors);

/// <summary>
/// Backfills the history from an OpenMetrics text file with timestamps (the input of
/// <c>promtool tsdb create-blocks-from openmetrics</c>). The whole file is checked first: any bad line — reported
/// with its number and reason — and nothing is imported. Then the chunks are written in one transaction, so an
/// import is all or nothing. Compaction later rolls the imported windows up like collected ones.
/// </summary>
internal sealed class OpenMetricsImport(SeriesIndex index, Databases databases, HistoryStore store, MetricMetadataBook metadata)
{
    /// <summary>Files above this size are refused: the file is read into memory to be checked whole.</summary>
    public const long MaxFileBytes = 1L << 30;

    private const int MaxErrorsReported = 20;

    public async Task<ImportOutcome> RunAsync(string path, Action<string> progress, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Failed($"the file {path} does not exist");
        }

        if (info.Length > MaxFileBytes)
        {
            return Failed($"the file is {info.Length:N0} bytes; at most {MaxFileBytes:N0} can be imported at once — split it into several files");
        }

        var body = await File.ReadAllBytesAsync(path, ct);
        progress($"checking {path} ({body.Length:N0} bytes)");
        var parsed = Parse(body, progress, out var described);
        if (parsed.Errors.Count > 0)
        {
            return new ImportOutcome(false, parsed.Lines, 0, 0, 0, 0, parsed.Errors);
        }

        if (parsed.Series.Count == 0)
        {
            return new ImportOutcome(false, parsed.Lines, 0, 0, 0, 0, ["the file holds no samples"]);
        }

        progress($"{parsed.Lines:N0} lines checked: {parsed.Series.Count:N0} series, {parsed.Samples:N0} samples; writing");
        var ids = await index.ResolveAsync(parsed.Series.Select(s => s.Labels).ToList(), ct);
        await WriteAsync(parsed.Series, ids, progress, ct);
        foreach (var (metric, type, help, unit) in described)
        {
            metadata.Observe(metric, type, help, unit);
        }

        await metadata.PersistAsync(ct);
        var minT = parsed.Series.Min(s => s.Samples[0].TimestampMs);
        var maxT = parsed.Series.Max(s => s.Samples[^1].TimestampMs);
        return new ImportOutcome(true, parsed.Lines, parsed.Series.Count, parsed.Samples, minT, maxT, []);
    }

    private sealed record ParsedSeries(SeriesLabels Labels, List<Sample> Samples, List<int> Lines);

    private sealed record Parsed(long Lines, long Samples, List<ParsedSeries> Series, List<string> Errors);

    private static Parsed Parse(byte[] body, Action<string> progress, out List<(string Metric, string? Type, string? Help, string? Unit)> described)
    {
        described = [];
        var errors = new List<string>();
        var bySeries = new Dictionary<string, ParsedSeries>(StringComparer.Ordinal);
        // Editors on Windows like to start UTF-8 files with a byte-order mark.
        var text = body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body;
        var reader = new ExpositionReader(text, ExpositionFormat.OpenMetrics);
        long samples = 0;
        void Error(int line, string reason)
        {
            if (errors.Count < MaxErrorsReported)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: {reason}"));
            }
            else if (errors.Count == MaxErrorsReported)
            {
                errors.Add("… more errors not shown");
            }
        }

        while (reader.Next(out var entry))
        {
            if (entry.Kind == ExpositionEntryKind.Error)
            {
                Error(entry.Line, Describe(entry.Reason));
                continue;
            }

            if (entry.Kind is ExpositionEntryKind.Type or ExpositionEntryKind.Help or ExpositionEntryKind.Unit)
            {
                var metric = entry.MetricNameString();
                described.Add(entry.Kind switch
                {
                    ExpositionEntryKind.Type => (metric, ScrapeIngest.TypeName(entry.MetricType), null, null),
                    ExpositionEntryKind.Help => (metric, null, entry.HelpString(), null),
                    _ => (metric, null, null, entry.HelpString()),
                });
                continue;
            }

            if (entry.Kind != ExpositionEntryKind.Sample)
            {
                continue;
            }

            if (entry.TimestampMs is not { } t)
            {
                Error(entry.Line, "the sample has no timestamp; a backfill needs one on every sample");
                continue;
            }

            var key = Encoding.UTF8.GetString(entry.Series);
            if (!bySeries.TryGetValue(key, out var series))
            {
                var labels = entry.ToLabels(includeName: false);
                series = new ParsedSeries(SeriesLabels.Of(entry.MetricNameString(), labels.Where(l => l.Value.Length > 0)), [], []);
                bySeries[key] = series;
            }

            series.Samples.Add(new Sample(t, entry.Value));
            series.Lines.Add(entry.Line);
            samples++;
            if (samples % 1_000_000 == 0)
            {
                progress($"  {samples:N0} samples read");
            }
        }

        foreach (var series in bySeries.Values)
        {
            SortAndCheck(series, Error);
        }

        return new Parsed(reader.LinesRead, samples, bySeries.Values.ToList(), errors);
    }

    /// <summary>Samples of a series may come in any order; two different values at one time are an error.</summary>
    private static void SortAndCheck(ParsedSeries series, Action<int, string> error)
    {
        var order = Enumerable.Range(0, series.Samples.Count).ToArray();
        Array.Sort(order, (a, b) => series.Samples[a].TimestampMs != series.Samples[b].TimestampMs
            ? series.Samples[a].TimestampMs.CompareTo(series.Samples[b].TimestampMs)
            : series.Lines[a].CompareTo(series.Lines[b]));
        var sorted = new List<Sample>(order.Length);
        for (var k = 0; k < order.Length; k++)
        {
            var s = series.Samples[order[k]];
            if (sorted.Count > 0 && sorted[^1].TimestampMs == s.TimestampMs)
            {
                if (BitConverter.DoubleToUInt64Bits(sorted[^1].Value) != BitConverter.DoubleToUInt64Bits(s.Value))
                {
                    error(series.Lines[order[k]], $"{series.Labels.Text} has two different values at {s.TimestampMs / 1000.0:0.###} (also on line {series.Lines[order[k - 1]]})");
                }

                continue;
            }

            sorted.Add(s);
        }

        series.Samples.Clear();
        series.Samples.AddRange(sorted);
    }

    private async Task WriteAsync(List<ParsedSeries> series, long[] ids, Action<string> progress, CancellationToken ct)
    {
        await using var connection = await databases.History.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await using var existing = SqlCommands.Prepare(connection, tx, "SELECT data FROM history_chunks WHERE series_id = @p0 AND min_t = @p1", 2);
        var chunks = new List<CutChunk>();
        for (var i = 0; i < series.Count; i++)
        {
            foreach (var chunk in Cut(ids[i], series[i].Samples))
            {
                // A chunk already stored at the same start is merged with the imported one (the import wins on equal times).
                if (await existing.With(chunk.SeriesId, chunk.MinT).ExecuteScalarAsync(ct) is byte[] stored)
                {
                    chunks.Add(MergeWithStored(chunk, stored));
                }
                else
                {
                    chunks.Add(chunk);
                }
            }

            if (chunks.Count >= 5000)
            {
                await HistoryStore.InsertChunksAsync(connection, tx, chunks, store.Options, ct);
                chunks.Clear();
            }

            if (series.Count >= 20 && (i + 1) % (series.Count / 10) == 0)
            {
                progress($"  {(i + 1) * 100 / series.Count}% of the series written");
            }
        }

        await HistoryStore.InsertChunksAsync(connection, tx, chunks, store.Options, ct);
        await tx.CommitAsync(ct);
    }

    private static CutChunk MergeWithStored(CutChunk imported, byte[] stored)
    {
        var merged = ChunkMerge.Merge(stored, imported.Data);
        if (!merged.Succeeded)
        {
            throw new InvalidOperationException($"series {imported.SeriesId}: the stored chunk at {imported.MinT} cannot be merged with the import ({merged.Outcome}); nothing was imported");
        }

        var samples = new List<Sample>();
        XorChunkReader.ReadAll(merged.Chunk, samples);
        return imported with { MaxT = samples[^1].TimestampMs, Count = samples.Count, Data = merged.Chunk };
    }

    /// <summary>Chunks of at most the head's chunk size that never cross a window boundary, as the heads cut them.</summary>
    private IEnumerable<CutChunk> Cut(long seriesId, List<Sample> samples)
    {
        var writer = new XorChunkWriter();
        var window = long.MinValue;
        foreach (var s in samples)
        {
            var w = store.Options.AlignWindow(s.TimestampMs);
            var fits = writer.Count == 0 || (w == window && writer.Count < store.Options.SamplesPerChunk && writer.TryAppend(s));
            if (!fits)
            {
                yield return new CutChunk(seriesId, writer.MinTime, writer.MaxTime, writer.Count, writer.ToArray());
                writer = new XorChunkWriter();
            }

            if (writer.Count == 0)
            {
                writer.TryAppend(s);
            }

            window = w;
        }

        if (writer.Count > 0)
        {
            yield return new CutChunk(seriesId, writer.MinTime, writer.MaxTime, writer.Count, writer.ToArray());
        }
    }

    private static string Describe(ExpositionErrorReason reason) =>
        reason.ToString() switch
        {
            "MissingEof" => "the file does not end with \"# EOF\" (OpenMetrics requires it)",
            var other => string.Concat(other.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
        };

    private static ImportOutcome Failed(string reason) => new(false, 0, 0, 0, 0, 0, [reason]);
}
