using System.Data.Common;

namespace HospitalOps.Kernel.Security;

/// <summary>What happened, to what, and how it ended. Never put a secret in <see cref="Summary"/>.</summary>
public sealed record AuditEntry(string Action, string ObjectType, string? ObjectId, string Result, string? Summary = null)
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}

/// <summary>
/// The append-only, hash-chained audit trail in the configuration database. Writes record
/// their entry inside their own transaction, so a change and its audit record commit together.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry, DbConnection connection, DbTransaction transaction, AuditActor? actor = null, CancellationToken ct = default);

    /// <summary>Records in a transaction of its own (logins, denied requests).</summary>
    Task RecordAsync(AuditEntry entry, AuditActor? actor = null, CancellationToken ct = default);
}

/// <summary>Who acted and from where; defaults to the current request's user and address.</summary>
public sealed record AuditActor(long? UserId, string UserName, string? SourceIp);
