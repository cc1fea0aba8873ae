namespace HospitalOps.Kernel.Demo;

/// <summary>
/// A module's part of the demo hospital. Loading must be idempotent: running it again on a
/// database that already has the demo changes nothing.
/// </summary>
public interface IDemoData
{
    /// <summary>Lower runs first (identity before CMDB before monitoring…).</summary>
    int Order { get; }

    Task LoadAsync(CancellationToken ct);
}
