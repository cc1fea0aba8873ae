using System.Data.Common;
using Dapper;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The open chunks of the heads other nodes flushed (and of heads no node holds now), read from the database only
/// when a head's generation moved, and kept by series, so a query finds a series' chunk without scanning every head.
/// </summary>
internal sealed class RemoteHeads
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, (long Generation, Dictionary<long, byte[]> Chunks)> _heads = [];
    private Dictionary<long, List<byte[]>>? _bySeries;

    /// <summary>Adds the open chunk each of <paramref name="seriesIds"/> has in a head not held by this node.</summary>
    public async Task AddChunksAsync(DbConnection connection, IReadOnlySet<long> localTargets, IReadOnlyList<long> seriesIds, Action<long, byte[]> add, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var listed = (await connection.QueryAsync<(long TargetId, long Generation)>(new CommandDefinition(
                "SELECT target_id, generation FROM history_heads", cancellationToken: ct))).Where(h => !localTargets.Contains(h.TargetId)).ToList();
            var changed = false;
            foreach (var (targetId, generation) in listed)
            {
                if (_heads.TryGetValue(targetId, out var known) && known.Generation == generation)
                {
                    continue;
                }

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
}
