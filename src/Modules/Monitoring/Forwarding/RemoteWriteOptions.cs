namespace HospitalOps.Monitoring.Forwarding;

/// <summary>
/// Forwarding of every collected sample to a Prometheus remote-write receiver (VictoriaMetrics,
/// Prometheus, Mimir…), section <c>Monitoring:RemoteWrite</c>. Off while <see cref="Url"/> is empty.
/// </summary>
public sealed class RemoteWriteOptions
{
    /// <summary>The receiver's write endpoint, e.g. <c>http://vm:8428/api/v1/write</c>; null or empty = forwarding off.</summary>
    public string? Url { get; set; }

    /// <summary>Basic authentication user (with <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>; wins over basic authentication when both are set.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Samples waiting to be sent at most; beyond it the oldest are dropped (and counted).</summary>
    public int QueueCapacity { get; set; } = 500_000;

    public int MaxSamplesPerSend { get; set; } = 5_000;

    /// <summary>How long a batch waits to fill before it is sent anyway.</summary>
    public TimeSpan BatchDeadline { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Series whose labels are kept in memory; past it the cache starts over.</summary>
    public int LabelCacheSize { get; set; } = 500_000;
}
