namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>One raw sample of a series: a millisecond Unix timestamp and its value.</summary>
internal readonly record struct Sample(long TimestampMs, double Value);
