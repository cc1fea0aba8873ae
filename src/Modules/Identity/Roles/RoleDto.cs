namespace HospitalOps.Identity.Roles;

public sealed record RoleDto(long Id, string Name, string LabelZh, string LabelEn, IReadOnlyList<string> Permissions, bool Builtin, bool RequireTwoFactor, long UserCount, int Version);

internal sealed class RoleRow
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string LabelZh { get; init; } = string.Empty;

    public string LabelEn { get; init; } = string.Empty;

    public string Permissions { get; init; } = string.Empty;

    public bool Builtin { get; init; }

    public bool RequireTwoFactor { get; init; }

    public long UserCount { get; init; }

    public int Version { get; init; }

    public const string Select =
        "SELECT r.id, r.name, r.label_zh AS LabelZh, r.label_en AS LabelEn, r.permissions, r.builtin, r.require_two_factor AS RequireTwoFactor, " +
        "(SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id) AS UserCount, r.version FROM roles r";

    public RoleDto ToDto() => new(Id, Name, LabelZh, LabelEn, Data.IdentityStore.SplitPermissions(Permissions).ToList(), Builtin, RequireTwoFactor, UserCount, Version);
}
