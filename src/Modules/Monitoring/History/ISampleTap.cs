namespace HospitalOps.Monitoring.History;

/// <summary>
/// Sees every sample the head accepts, under the head's lock: must be quick and never block
/// (forwarding to another store queues the sample and returns).
/// </summary>
internal interface ISampleTap
{
    void OnSample(long seriesId, long timestampMs, double value);
}
