using System.Data.Common;
using System.Runtime.InteropServices;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.History.Chunks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// Compaction and retention of the history. Once a window has ended (plus a delay for the last
/// flushes), every series' chunks of that window are merged into one, and the window's 5-minute
/// rollups are written into the series' day row; the hourly rollups of the hours it touches are
/// recomputed from those 5-minute points, so compacting a window again (late data) stays exact.
/// Retention then drops raw windows, 5-minute days and hourly periods past their age.
/// </summary>
internal sealed class HistoryCompactor(Databases databases, IOptions<HistoryOptions> options, TimeProvider clock, SeriesIndex index, ILogger<HistoryCompactor> log)
{
    public const long DayMs = 86_400_000;

    /// <summary>Hourly rollups are kept in rows of 30 days.</summary>
    public const long HourPeriodMs = 30 * DayMs;

    private const int SeriesPerTransaction = 500;

    private HistoryOptions Options => options.Value;

    /// <summary>Compacts the closed windows that still have raw chunks to merge; returns how many windows.</summary>
    public async Task<int> CompactAsync(CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        var closedBefore = now - (Options.CompactionDelayMinutes * 60_000L) - Options.WindowMs;
        List<long> windows;
        await using (var connection = await databases.History.OpenAsync(ct))
        {
            windows = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT DISTINCT window_start FROM history_chunks WHERE compacted = @no AND window_start <= @closedBefore ORDER BY window_start",
                new { no = false, closedBefore }, cancellationToken: ct))).ToList();
        }

        foreach (var window in windows)
        {
            await CompactWindowAsync(window, ct);
        }

        return windows.Count;
    }

    private async Task CompactWindowAsync(long window, CancellationToken ct)
    {
        List<long> series;
        await using (var connection = await databases.History.OpenAsync(ct))
        {
            series = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT DISTINCT series_id FROM history_chunks WHERE window_start = @window AND compacted = @no ORDER BY series_id",
                new { window, no = false }, cancellationToken: ct))).ToList();
        }

        foreach (var batch in series.Chunk(SeriesPerTransaction))
        {
            await using var connection = await databases.History.OpenAsync(ct);
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            var args = new DynamicParameters();
            var clause = SqlIn.List("s", batch, args);
            args.Add("window", window);
            args.Add("windowEnd", window + Options.WindowMs);
            // By (series, min_t), the unique index: chunks never start outside their window.
            var rows = (await connection.QueryAsync<(long SeriesId, long MinT, byte[] Data)>(new CommandDefinition(
                $"SELECT series_id, min_t, data FROM history_chunks WHERE series_id IN {clause} AND min_t >= @window AND min_t < @windowEnd ORDER BY series_id, min_t",
                args, tx, cancellationToken: ct))).ToList();
            await using var delete = SqlCommands.Prepare(connection, tx, "DELETE FROM history_chunks WHERE series_id = @p0 AND min_t >= @p1 AND min_t < @p2", 3);
            await using var insert = SqlCommands.Prepare(connection, tx,
                "INSERT INTO history_chunks (series_id, min_t, max_t, count, window_start, compacted, data) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)", 7);
            await using var markDone = SqlCommands.Prepare(connection, tx, "UPDATE history_chunks SET compacted = @p3 WHERE series_id = @p0 AND min_t >= @p1 AND min_t < @p2", 4);
            var rollups = new RollupRows(connection, tx);
            await using var _ = rollups;
            foreach (var group in rows.GroupBy(r => r.SeriesId))
            {
                var merged = ChunkMerge.Merge(group.Select(r => new ReadOnlyMemory<byte>(r.Data)).ToList());
                if (!merged.Succeeded)
                {
                    // Kept as they are (nothing is thrown away), and not retried at every pass.
                    log.LogWarning("Chunks of series {SeriesId} in window {Window} could not be merged ({Outcome}); left uncompacted", group.Key, window, merged.Outcome);
                    await markDone.With(group.Key, window, window + Options.WindowMs, true).ExecuteNonQueryAsync(ct);
                    continue;
                }

                var samples = new List<Sample>();
                XorChunkReader.ReadAll(merged.Chunk, samples);
                await delete.With(group.Key, window, window + Options.WindowMs).ExecuteNonQueryAsync(ct);

                // Stored again in chunks of at most SamplesPerChunk, not one per window: a query for the last five minutes
                // decodes one short chunk instead of the whole window.
                var size = Math.Clamp(Options.SamplesPerChunk, 1, ChunkFormat.MaxEntries);
                for (var start = 0; start < samples.Count; start += size)
                {
                    var part = CollectionsMarshal.AsSpan(samples).Slice(start, Math.Min(size, samples.Count - start));
                    if (!XorChunkWriter.TryEncode(part, out var data))
                    {
                        throw new InvalidOperationException($"merged samples of series {group.Key} could not be encoded again");
                    }

                    await insert.With(group.Key, part[0].TimestampMs, part[^1].TimestampMs, part.Length, window, true, data).ExecuteNonQueryAsync(ct);
                }

                await WriteRollupsAsync(rollups, group.Key, window, samples, ct);
            }

            await tx.CommitAsync(ct);
        }
    }

    private async Task WriteRollupsAsync(RollupRows rows, long seriesId, long window, List<Sample> samples, CancellationToken ct)
    {
        var fine = Downsample.ToPoints(samples.ToArray(), Downsample.FiveMinutesMs);
        var day = window - Mod(window, DayMs);
        var dayPoints = await rows.ReadAsync(seriesId, Downsample.FiveMinutesMs, day, ct);
        dayPoints.RemoveAll(p => p.BucketStartMs >= window && p.BucketStartMs < window + Options.WindowMs);
        dayPoints.AddRange(fine);
        dayPoints.Sort((a, b) => a.BucketStartMs.CompareTo(b.BucketStartMs));
        await rows.WriteAsync(seriesId, Downsample.FiveMinutesMs, day, dayPoints, ct);

        var firstHour = window - Mod(window, Downsample.OneHourMs);
        var hours = new List<RollupPoint>();
        for (var hour = firstHour; hour < window + Options.WindowMs; hour += Downsample.OneHourMs)
        {
            var point = RollupPoint.Empty(hour);
            var any = false;
            foreach (var p in dayPoints.Where(p => p.BucketStartMs >= hour && p.BucketStartMs < hour + Downsample.OneHourMs))
            {
                point = point.Merge(p);
                any = true;
            }

            if (any)
            {
                hours.Add(point);
            }
        }

        var period = firstHour - Mod(firstHour, HourPeriodMs);
        var periodPoints = await rows.ReadAsync(seriesId, Downsample.OneHourMs, period, ct);
        periodPoints.RemoveAll(p => p.BucketStartMs >= firstHour && p.BucketStartMs < window + Options.WindowMs);
        periodPoints.AddRange(hours);
        periodPoints.Sort((a, b) => a.BucketStartMs.CompareTo(b.BucketStartMs));
        await rows.WriteAsync(seriesId, Downsample.OneHourMs, period, periodPoints, ct);
    }

    /// <summary>Reads and writes rollup rows with prepared statements (compaction touches every series of a window).</summary>
    private sealed class RollupRows(DbConnection connection, DbTransaction tx) : IAsyncDisposable
    {
        private readonly DbCommand _read = SqlCommands.Prepare(connection, tx,
            "SELECT data FROM history_rollups WHERE series_id = @p0 AND resolution = @p1 AND period_start = @p2", 3);

        private readonly DbCommand _write = SqlCommands.Prepare(connection, tx,
            """
            INSERT INTO history_rollups (series_id, resolution, period_start, data) VALUES (@p0, @p1, @p2, @p3)
            ON CONFLICT (series_id, resolution, period_start) DO UPDATE SET data = excluded.data
            """, 4);

        public async Task<List<RollupPoint>> ReadAsync(long seriesId, long resolution, long periodStart, CancellationToken ct)
        {
            var points = new List<RollupPoint>();
            if (await _read.With(seriesId, (int)(resolution / 1000), periodStart).ExecuteScalarAsync(ct) is byte[] data)
            {
                RollupChunkReader.ReadAll(data, points);
            }

            return points;
        }

        public async Task WriteAsync(long seriesId, long resolution, long periodStart, List<RollupPoint> points, CancellationToken ct)
        {
            var writer = new RollupChunkWriter(16 + (points.Count * 8));
            foreach (var p in points)
            {
                writer.TryAppend(p);
            }

            await _write.With(seriesId, (int)(resolution / 1000), periodStart, writer.ToArray()).ExecuteNonQueryAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _read.DisposeAsync();
            await _write.DisposeAsync();
        }
    }

    /// <summary>Drops raw windows, 5-minute days and hourly periods older than their retention, then series left with nothing.</summary>
    public async Task<int> ApplyRetentionAsync(CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        await using var connection = await databases.History.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var rawBefore = now - (Options.RawRetentionDays * DayMs);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM history_chunks WHERE window_start < @before", new { before = rawBefore - Options.WindowMs }, tx, cancellationToken: ct));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM history_rollups WHERE resolution = @r AND period_start < @before",
            new { r = (int)(Downsample.FiveMinutesMs / 1000), before = now - (Options.FiveMinuteRetentionDays * DayMs) - DayMs }, tx, cancellationToken: ct));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM history_rollups WHERE resolution = @r AND period_start < @before",
            new { r = (int)(Downsample.OneHourMs / 1000), before = now - (Options.HourRetentionDays * DayMs) - HourPeriodMs }, tx, cancellationToken: ct));
        const string orphans = """
            SELECT s.id FROM history_series s WHERE s.created_at < @before
              AND NOT EXISTS (SELECT 1 FROM history_chunks c WHERE c.series_id = s.id)
              AND NOT EXISTS (SELECT 1 FROM history_rollups r WHERE r.series_id = s.id)
            """;
        var gone = (await connection.QueryAsync<long>(new CommandDefinition(orphans, new { before = rawBefore }, tx, cancellationToken: ct))).ToList();
        foreach (var slice in gone.Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("s", slice, args);
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM history_postings WHERE series_id IN {clause}", args, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM history_series WHERE id IN {clause}", args, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        index.Forget(gone);
        if (removed + gone.Count > 0)
        {
            log.LogInformation("History retention removed {Rows} chunk/rollup rows and {Series} series", removed, gone.Count);
        }

        return removed + gone.Count;
    }

    private static long Mod(long t, long m) => ((t % m) + m) % m;
}
