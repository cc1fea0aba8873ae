namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// One observation of how much of a resource is used: <paramref name="T"/> in Unix milliseconds and
/// the used amount (bytes, pages, percent …) in the same unit as the capacity it is compared with.
/// </summary>
public readonly record struct UsagePoint(long T, double Value);
