using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The in-memory head of one target: the open chunk of each of its series, and the chunks cut
/// since the last flush. All series of a target are cut together — every
/// <see cref="HistoryOptions.SamplesPerChunk"/> collections and at each compaction window
/// boundary — so the whole head of a target is written as one row at every flush.
/// </summary>
internal sealed class TargetHead(long targetId)
{
    public object Gate { get; } = new();

    public long TargetId { get; } = targetId;

    public Dictionary<long, HeadSeries> Series { get; } = [];

    public List<CutChunk> Pending { get; set; } = [];

    public long WindowStart { get; set; } = long.MinValue;

    public int CollectionsSinceCut { get; set; }

    public int Generation { get; set; }

    /// <summary>Changed since the last flush.</summary>
    public bool Dirty { get; set; }

    /// <summary>Samples refused because they were not newer than the series' last one.</summary>
    public long OutOfOrder { get; set; }

    /// <summary>Moves every open chunk to <see cref="Pending"/> and lets go of series that went stale with nothing left to keep.</summary>
    public void CutAll()
    {
        List<long>? idle = null;
        foreach (var s in Series.Values)
        {
            if (s.Chunk.Count > 0)
            {
                Pending.Add(new CutChunk(s.Id, s.Chunk.MinTime, s.Chunk.MaxTime, s.Chunk.Count, s.Chunk.ToArray()));
                s.Chunk = new XorChunkWriter();
            }
            else if (s.IsStale)
            {
                (idle ??= []).Add(s.Id);
            }
        }

        foreach (var id in idle ?? [])
        {
            Series[id].Attached = false;
            Series.Remove(id);
        }

        CollectionsSinceCut = 0;
        Dirty = true;
    }
}
