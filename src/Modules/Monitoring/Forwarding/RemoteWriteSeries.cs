namespace HospitalOps.Monitoring.Forwarding;

/// <summary>One sample of a remote-write time series (milliseconds since the Unix epoch).</summary>
internal readonly record struct RemoteWriteSample(long TimestampMs, double Value);

/// <summary>
/// One <c>prometheus.TimeSeries</c> of a write request: its labels already encoded as protobuf
/// (they are cached per series, so each is encoded once) and its samples in time order.
/// </summary>
internal sealed class RemoteWriteSeries(byte[] encodedLabels)
{
    public byte[] EncodedLabels { get; } = encodedLabels;

    public List<RemoteWriteSample> Samples { get; } = [];
}
