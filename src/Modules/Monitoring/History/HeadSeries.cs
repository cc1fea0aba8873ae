using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// One series being collected: its open chunk and the last sample. Touched only under its
/// <see cref="TargetHead"/>'s lock.
/// </summary>
internal sealed class HeadSeries(long id)
{
    public long Id { get; } = id;

    public XorChunkWriter Chunk { get; set; } = new();

    public long LastT { get; set; } = long.MinValue;

    public double LastV { get; set; } = double.NaN;

    /// <summary>The collection that last reported this series (stale markers go to those that stop).</summary>
    public int SeenGeneration { get; set; }

    /// <summary>False once the head let go of a series that went stale; a collector that meets it again re-attaches it.</summary>
    public bool Attached { get; set; } = true;

    public bool IsStale => StaleMarker.Is(LastV);
}

/// <summary>A chunk cut from the head, waiting for the next flush to the history database.</summary>
internal sealed record CutChunk(long SeriesId, long MinT, long MaxT, int Count, byte[] Data);
