using HospitalOps.Identity.Auth;

namespace HospitalOps.Identity.Users;

public sealed record UserDto(
    long Id, string UserName, string DisplayName, string? Email, string? Phone, string Source, bool Disabled,
    bool Locked, bool TotpEnabled, bool MustChangePassword, bool HasPassword, IReadOnlyList<RoleRef> Roles, long? OrgUnitId, string? OrgUnitName, string? OrgUnitNameEn,
    DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt, int Version);
