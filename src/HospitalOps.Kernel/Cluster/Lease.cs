using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Kernel.Cluster;

/// <summary>
/// A piece of work one node does at a time (sweeping SLA clocks, serving a subscriber of the outbox): the node that holds the
/// lease renews it; another takes it over only once it has expired.
/// </summary>
public static class Lease
{
    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/>; false while another node holds it.</summary>
    public static async Task<bool> TryHoldAsync(Databases databases, string name, string holder, TimeProvider clock, TimeSpan time, CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < @now
            """,
            new { name, holder, expires = now + (long)time.TotalMilliseconds, now }, cancellationToken: ct)) > 0;
    }
}
