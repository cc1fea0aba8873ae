using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The open chunks of the heads other nodes flushed (and of heads no node holds now), read from the database only
/// when a head's generation moved, and kept by series, so a query finds a series' chunk without scanning every head.
/// </summary>
internal sealed class RemoteHeads(Database history) : IDisposable
{
    private readonly PreparedRead _listing = new(history, "SELECT target_id, generation FROM history_heads");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, (long Generation, Dictionary<long, byte[]> Chunks)> _heads = [];
    private Dictionary<long, List<byte[]>>? _bySeries;

    /// <summary>Adds the open chunk each of <paramref name="seriesIds"/> has in a head not held by this node.</summary>
    public async Task AddChunksAsync(Func<long, bool> isLocal, IReadOnlyList<long> seriesIds, Action<long, byte[]> add, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var listed = await _listing.ReadAsync(rows =>
            {
                var heads = new List<(long TargetId, long Generation)>();
                while (rows.Read())
                {
                    if (!isLocal(rows.GetInt64(0)))
                    {
                        heads.Add((rows.GetInt64(0), rows.GetInt64(1)));
                    }
                }

                return heads;
            }, ct);
            var changed = false;
            foreach (var (targetId, generation) in listed)
            {
                if (_heads.TryGetValue(targetId, out var known) && known.Generation == generation)
                {
                    continue;
                }

                await using var connection = await history.OpenAsync(ct);
                var blob = await connection.QueryFirstOrDefaultAsync<byte[]>(new CommandDefinition(
                    "SELECT data FROM history_heads WHERE target_id = @targetId", new { targetId }, cancellationToken: ct));
                _heads[targetId] = (generation, blob is null ? [] : HeadBlob.OpenChunks(blob));
                changed = true;
            }

            var present = listed.Select(h => h.TargetId).ToHashSet();
            foreach (var gone in _heads.Keys.Where(t => !present.Contains(t)).ToList())
            {
                _heads.Remove(gone);
                changed = true;
            }

            if (changed || _bySeries is null)
            {
                _bySeries = [];
                foreach (var (_, (_, chunks)) in _heads)
                {
                    foreach (var (seriesId, chunk) in chunks)
                    {
                        if (!_bySeries.TryGetValue(seriesId, out var list))
                        {
                            _bySeries[seriesId] = list = [];
                        }

                        list.Add(chunk);
                    }
                }
            }

            foreach (var id in seriesIds)
            {
                if (_bySeries.TryGetValue(id, out var chunks))
                {
                    foreach (var chunk in chunks)
                    {
                        add(id, chunk);
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _listing.Dispose();
}
