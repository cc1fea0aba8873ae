using HospitalOps.Kernel.Errors;

namespace HospitalOps.Kernel.Security;

public enum ObjectAccessKind
{
    Read,
    Write,
}

/// <summary>
/// A module's rule for one kind of object: may this user read or change this particular object?
/// Registered in DI; <see cref="ObjectGuard"/> finds it by <see cref="ObjectType"/>.
/// </summary>
public interface IObjectAccessRule
{
    string ObjectType { get; }

    ValueTask<bool> AllowsAsync(CurrentUser user, string objectId, ObjectAccessKind access, CancellationToken ct);
}

/// <summary>The shared per-object check: every read or write of a single object goes through it.</summary>
public sealed class ObjectGuard(IEnumerable<IObjectAccessRule> rules, IAuditTrail audit)
{
    private readonly Dictionary<string, IObjectAccessRule> _rules = rules.ToDictionary(r => r.ObjectType, StringComparer.Ordinal);

    public async Task<bool> AllowsAsync(CurrentUser user, string objectType, string objectId, ObjectAccessKind access, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated)
        {
            return false;
        }

        // An object type without a rule is closed: forgetting a rule must not open data.
        return _rules.TryGetValue(objectType, out var rule) && await rule.AllowsAsync(user, objectId, access, ct);
    }

    /// <summary>Throws 403 (and records the denial) unless the user may access the object.</summary>
    public async Task EnsureAsync(CurrentUser user, string objectType, string objectId, ObjectAccessKind access, CancellationToken ct = default)
    {
        if (!await AllowsAsync(user, objectType, objectId, access, ct))
        {
            await audit.RecordAsync(new AuditEntry("authorize." + access.ToString().ToLowerInvariant(), objectType, objectId, AuditEntry.Denied), ct: ct);
            throw AppProblem.Forbidden();
        }
    }
}
