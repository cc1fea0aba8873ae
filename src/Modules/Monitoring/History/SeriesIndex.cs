using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The series index in the history database: each distinct label set gets an id, and every
/// label pair an inverted list of the series that carry it, so matchers find series without
/// scanning. Ids are stable for the life of a series and shared by all nodes.
/// </summary>
internal sealed class SeriesIndex(Databases databases, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Name, string Value), long> _labelIds = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    private const int MaxCachedLabels = 2_000_000;

    private readonly ConcurrentDictionary<long, SeriesLabels> _labelsById = new();

    /// <summary>Ids for the given label sets, in order, creating the series that are new in one transaction.</summary>
    public async Task<long[]> ResolveAsync(IReadOnlyList<SeriesLabels> series, CancellationToken ct)
    {
        var ids = new long[series.Count];
        if (series.Count == 0)
        {
            return ids;
        }

        await _writer.WaitAsync(ct);
        try
        {
            await using var connection = await databases.History.OpenAsync(ct);
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            await using var find = SqlCommands.Prepare(connection, tx, "SELECT id FROM history_series WHERE hash = @p0 AND labels = @p1", 2);
            await using var insert = SqlCommands.Prepare(connection, tx,
                "INSERT INTO history_series (hash, labels, created_at) VALUES (@p0, @p1, @p2) ON CONFLICT DO NOTHING RETURNING id", 3);
            await using var findLabel = SqlCommands.Prepare(connection, tx, "SELECT id FROM history_labels WHERE name = @p0 AND value = @p1", 2);
            await using var insertLabel = SqlCommands.Prepare(connection, tx,
                "INSERT INTO history_labels (name, value) VALUES (@p0, @p1) ON CONFLICT DO NOTHING RETURNING id", 2);
            var postings = new List<(long LabelId, long SeriesId)>();
            var now = UnixMs.Now(clock);
            for (var i = 0; i < series.Count; i++)
            {
                var s = series[i];
                if (await find.With(s.Hash, s.Text).ExecuteScalarAsync(ct) is { } existing and not DBNull)
                {
                    ids[i] = Convert.ToInt64(existing);
                    continue;
                }

                var created = await insert.With(s.Hash, s.Text, now).ExecuteScalarAsync(ct);
                if (created is null or DBNull)
                {
                    ids[i] = Convert.ToInt64(await find.With(s.Hash, s.Text).ExecuteScalarAsync(ct));
                    continue;
                }

                ids[i] = Convert.ToInt64(created);

                // SQLite may hand out the id of a series that retention removed: forget what was cached under it.
                _labelsById.TryRemove(ids[i], out _);
                foreach (var label in s.WithName())
                {
                    postings.Add((await LabelIdAsync(label.Name, label.Value, findLabel, insertLabel, ct), ids[i]));
                }
            }

            await InsertPostingsAsync(connection, tx, postings, ct);
            await tx.CommitAsync(ct);
            return ids;
        }
        catch
        {
            // A rolled-back transaction may have given label ids that no longer exist.
            _labelIds.Clear();
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Postings in statements of many rows: a new target brings tens of thousands of series at once.</summary>
    private static async Task InsertPostingsAsync(DbConnection connection, DbTransaction tx, List<(long LabelId, long SeriesId)> postings, CancellationToken ct)
    {
        const int rows = 250;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < postings.Count; start += rows)
            {
                var count = Math.Min(rows, postings.Count - start);
                var command = count == rows ? full ??= Batch(rows) : Batch(count);
                for (var i = 0; i < count; i++)
                {
                    command.Parameters[2 * i].Value = postings[start + i].LabelId;
                    command.Parameters[(2 * i) + 1].Value = postings[start + i].SeriesId;
                }

                await command.ExecuteNonQueryAsync(ct);
                if (!ReferenceEquals(command, full))
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        DbCommand Batch(int n) => SqlCommands.Prepare(connection, tx,
            "INSERT INTO history_postings (label_id, series_id) VALUES " + string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@p{2 * i}, @p{(2 * i) + 1})")) + " ON CONFLICT DO NOTHING",
            2 * n);
    }

    private async Task<long> LabelIdAsync(string name, string value, DbCommand find, DbCommand insert, CancellationToken ct)
    {
        if (_labelIds.TryGetValue((name, value), out var id))
        {
            return id;
        }

        var found = await find.With(name, value).ExecuteScalarAsync(ct);
        if (found is null or DBNull)
        {
            found = await insert.With(name, value).ExecuteScalarAsync(ct);
            if (found is null or DBNull)
            {
                found = await find.With(name, value).ExecuteScalarAsync(ct);
            }
        }

        id = Convert.ToInt64(found);
        _labelIds[(name, value)] = id;
        return id;
    }

    /// <summary>The series whose labels satisfy every matcher, at most <paramref name="limit"/> (ordered by id).</summary>
    public async Task<IReadOnlyList<(long Id, SeriesLabels Labels)>> SelectAsync(IReadOnlyList<LabelMatcher> matchers, int limit, CancellationToken ct)
    {
        await using var connection = await databases.History.OpenAsync(ct);
        HashSet<long>? candidates = null;

        // Exact matches on labels other than the name usually narrow most (an instance, a CI), so they go first;
        // once few series are left, the next posting lists are read only for those.
        var ordered = matchers.Where(m => !m.MatchesEmpty)
            .OrderBy(m => m.Kind == MatchKind.Equal ? (m.Name == SeriesLabels.MetricLabel ? 1 : 0) : 2)
            .ToList();
        foreach (var matcher in ordered)
        {
            var ids = await PostingsAsync(connection, matcher, candidates is { Count: <= 2000 } ? candidates : null, ct);
            if (candidates is null)
            {
                candidates = ids;
            }
            else
            {
                candidates.IntersectWith(ids);
            }

            if (candidates.Count == 0)
            {
                return [];
            }
        }

        if (candidates is null)
        {
            return [];
        }

        // A series' labels never change, so those read once are kept (up to a bound) instead of read and parsed again.
        var matched = candidates.Order().ToList();
        var missing = matched.Where(id => !_labelsById.ContainsKey(id)).ToList();
        foreach (var slice in missing.Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("id", slice, args);
            foreach (var (id, text) in await connection.QueryAsync<(long, string)>(
                new CommandDefinition($"SELECT id, labels FROM history_series WHERE id IN {clause}", args, cancellationToken: ct)))
            {
                if (_labelsById.Count >= MaxCachedLabels)
                {
                    _labelsById.Clear();
                }

                _labelsById[id] = SeriesLabels.Parse(text);
            }
        }

        var result = new List<(long, SeriesLabels)>();
        foreach (var id in matched)
        {
            if (_labelsById.TryGetValue(id, out var labels) && matchers.All(m => m.Matches(labels.Get(m.Name))))
            {
                result.Add((id, labels));
                if (result.Count >= limit)
                {
                    return result;
                }
            }
        }

        return result;
    }

    private static async Task<HashSet<long>> PostingsAsync(DbConnection connection, LabelMatcher matcher, HashSet<long>? within, CancellationToken ct)
    {
        List<long> labelIds;
        if (matcher.Kind == MatchKind.Equal)
        {
            labelIds = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT id FROM history_labels WHERE name = @name AND value = @value", new { name = matcher.Name, value = matcher.Value }, cancellationToken: ct))).ToList();
        }
        else
        {
            labelIds = (await connection.QueryAsync<(long Id, string Value)>(new CommandDefinition(
                    "SELECT id, value FROM history_labels WHERE name = @name", new { name = matcher.Name }, cancellationToken: ct)))
                .Where(l => matcher.Matches(l.Value)).Select(l => l.Id).ToList();
        }

        var ids = new HashSet<long>();
        var restriction = within is null ? string.Empty : " AND series_id IN " + SqlIn.List("c", within, new DynamicParameters());
        foreach (var slice in labelIds.Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("l", slice, args);
            ids.UnionWith(await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT series_id FROM history_postings WHERE label_id IN {clause}{restriction}", args, cancellationToken: ct)));
        }

        return ids;
    }

    public async Task<IReadOnlyList<string>> LabelNamesAsync(CancellationToken ct)
    {
        await using var connection = await databases.History.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT name FROM history_labels ORDER BY name", cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<string>> LabelValuesAsync(string name, int limit, CancellationToken ct)
    {
        await using var connection = await databases.History.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT value FROM history_labels WHERE name = @name ORDER BY value LIMIT @limit", new { name, limit }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyDictionary<long, SeriesLabels>> LabelsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, SeriesLabels>();
        await using var connection = await databases.History.OpenAsync(ct);
        foreach (var slice in ids.Distinct().Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("id", slice, args);
            foreach (var (id, text) in await connection.QueryAsync<(long, string)>(
                new CommandDefinition($"SELECT id, labels FROM history_series WHERE id IN {clause}", args, cancellationToken: ct)))
            {
                result[id] = SeriesLabels.Parse(text);
            }
        }

        return result;
    }
}
