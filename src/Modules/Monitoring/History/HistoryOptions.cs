namespace HospitalOps.Monitoring.History;

/// <summary>Settings of the metric history store (section <c>Monitoring:History</c>).</summary>
public sealed class HistoryOptions
{
    /// <summary>How often the heads are written to the history database: a crash loses at most this much.</summary>
    public int FlushSeconds { get; set; } = 10;

    /// <summary>Collections per chunk before the head cuts it (Prometheus uses 120 too).</summary>
    public int SamplesPerChunk { get; set; } = 120;

    /// <summary>Chunks never span a window boundary; compaction merges each closed window and stores it again in chunks of at most <see cref="SamplesPerChunk"/>.</summary>
    public int WindowMinutes { get; set; } = 120;

    /// <summary>How long after a window ends compaction waits for its last flushes.</summary>
    public int CompactionDelayMinutes { get; set; } = 10;

    public int RawRetentionDays { get; set; } = 15;

    public int FiveMinuteRetentionDays { get; set; } = 400;

    public int HourRetentionDays { get; set; } = 1830;

    /// <summary>The window length in use: a multiple of 5 minutes that divides a day (else the default 2 hours).</summary>
    internal long WindowMs => WindowMinutes >= 5 && WindowMinutes % 5 == 0 && 1440 % WindowMinutes == 0 ? WindowMinutes * 60_000L : 120 * 60_000L;

    internal long AlignWindow(long t) => t - (((t % WindowMs) + WindowMs) % WindowMs);
}
