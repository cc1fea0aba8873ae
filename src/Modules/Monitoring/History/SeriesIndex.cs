using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The series index in the history database: each distinct label set gets an id, and every
/// label pair an inverted list of the series that carry it, so matchers find series without
/// scanning. Ids are stable for the life of a series and shared by all nodes. Selectors are
/// answered from a copy in memory (<see cref="SeriesPostings"/>), kept up to date with the database.
/// </summary>
internal sealed class SeriesIndex(Databases databases, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Name, string Value), long> _labelIds = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Series other nodes (or a history import) create are seen within this time; this node's own at once.</summary>
    internal TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the number of series is compared with the database's, to notice series removed elsewhere.</summary>
    internal TimeSpan RecountInterval { get; set; } = TimeSpan.FromMinutes(1);

    private readonly ReaderWriterLockSlim _memoryLock = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private SeriesPostings? _memory;
    private long _loadedThrough;
    private long _refreshedAt;
    private long _recountedAt;

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
            var createdNow = new List<(long Id, SeriesLabels Labels)>();
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
                createdNow.Add((ids[i], s));
                foreach (var label in s.WithName())
                {
                    postings.Add((await LabelIdAsync(label.Name, label.Value, findLabel, insertLabel, ct), ids[i]));
                }
            }

            await InsertPostingsAsync(connection, tx, postings, ct);
            await tx.CommitAsync(ct);
            InMemory(memory =>
            {
                // SQLite may hand out the id of a series that retention removed: Add replaces what was kept under it.
                foreach (var (id, labels) in createdNow)
                {
                    memory.Add(id, labels);
                }
            });
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
        var memory = await MemoryAsync(ct);
        _memoryLock.EnterReadLock();
        try
        {
            return memory.Select(matchers, limit);
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }
    }

    /// <summary>Loads the index into memory (or brings it up to date); returns the number of series held.</summary>
    public async Task<int> WarmUpAsync(CancellationToken ct)
    {
        await MemoryAsync(ct);
        return MemoryCount();
    }

    /// <summary>Forgets series this node removed from the database (retention).</summary>
    public void Forget(IEnumerable<long> ids) => InMemory(memory =>
    {
        foreach (var id in ids)
        {
            memory.Remove(id);
        }
    });

    private void InMemory(Action<SeriesPostings> change)
    {
        _memoryLock.EnterWriteLock();
        try
        {
            if (_memory is { } memory)
            {
                change(memory);
            }
        }
        finally
        {
            _memoryLock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The index in memory, loaded at first use, then brought up to date with the series created since (at most every
    /// <see cref="RefreshInterval"/>) and reloaded whole when the number of series differs from the database's.
    /// </summary>
    private async Task<SeriesPostings> MemoryAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_memory is { } current && now - Volatile.Read(ref _refreshedAt) < RefreshInterval.TotalMilliseconds)
        {
            return current;
        }

        if (_memory is not null && !await _refreshing.WaitAsync(0, ct))
        {
            // Another request is refreshing: what is held is at most a moment old.
            return _memory;
        }

        if (_memory is null)
        {
            await _refreshing.WaitAsync(ct);
        }

        try
        {
            await using var connection = await databases.History.OpenAsync(ct);
            if (_memory is null || now - _recountedAt >= RecountInterval.TotalMilliseconds)
            {
                var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM history_series", cancellationToken: ct));
                _recountedAt = now;
                if (_memory is null || count != MemoryCount())
                {
                    var (loaded, through) = await LoadAsync(connection, ct);
                    _memoryLock.EnterWriteLock();
                    try
                    {
                        _memory = loaded;
                        _loadedThrough = through;
                    }
                    finally
                    {
                        _memoryLock.ExitWriteLock();
                    }

                    Volatile.Write(ref _refreshedAt, now);
                    return loaded;
                }
            }

            var fresh = await connection.QueryAsync<(long Id, string Labels)>(new CommandDefinition(
                "SELECT id, labels FROM history_series WHERE id > @after ORDER BY id", new { after = _loadedThrough }, cancellationToken: ct));
            InMemory(memory =>
            {
                foreach (var (id, text) in fresh)
                {
                    memory.Add(id, SeriesLabels.Parse(text, memory.Strings));
                    _loadedThrough = Math.Max(_loadedThrough, id);
                }
            });
            Volatile.Write(ref _refreshedAt, now);
            return _memory!;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private int MemoryCount()
    {
        _memoryLock.EnterReadLock();
        try
        {
            return _memory?.Count ?? -1;
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }
    }

    private static async Task<(SeriesPostings Memory, long Through)> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        var memory = new SeriesPostings();
        var through = 0L;
        foreach (var (id, text) in await connection.QueryAsync<(long, string)>(new CommandDefinition("SELECT id, labels FROM history_series ORDER BY id", cancellationToken: ct)))
        {
            memory.Add(id, SeriesLabels.Parse(text, memory.Strings));
            through = Math.Max(through, id);
        }

        return (memory, through);
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
        var memory = await MemoryAsync(ct);
        _memoryLock.EnterReadLock();
        try
        {
            foreach (var id in ids)
            {
                if (memory.TryGetLabels(id, out var labels))
                {
                    result[id] = labels;
                }
            }
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }

        var missing = ids.Where(id => !result.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return result;
        }

        await using var connection = await databases.History.OpenAsync(ct);
        foreach (var slice in missing.Chunk(500))
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
