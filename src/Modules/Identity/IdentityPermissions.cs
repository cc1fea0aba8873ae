using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity;

/// <summary>Permissions of the Identity module and the built-in roles (三权分立: separated duties).</summary>
public static class IdentityPermissions
{
    public const string UsersRead = "identity.users.read";
    public const string UsersWrite = "identity.users.write";
    public const string RolesRead = "identity.roles.read";
    public const string RolesWrite = "identity.roles.write";
    public const string AuditRead = "audit.read";

    public const string SysAdmin = "sysadmin";
    public const string SecAdmin = "secadmin";
    public const string Auditor = "auditor";
    public const string Engineer = "engineer";
    public const string ReadOnly = "readonly";

    /// <summary>
    /// Duties that one role and one user may not combine: administering accounts, administering
    /// security, and auditing both.
    /// </summary>
    public static readonly IReadOnlyList<string> DutyPermissions = [UsersWrite, RolesWrite, AuditRead];

    public static void Register() => PermissionCatalog.Register(
        new Permission(UsersRead, "identity", "查看用户", "View users"),
        new Permission(UsersWrite, "identity", "管理用户账号", "Manage user accounts"),
        new Permission(RolesRead, "identity", "查看角色与权限", "View roles and permissions"),
        new Permission(RolesWrite, "identity", "管理角色、权限与安全策略", "Manage roles, permissions and security policy"),
        new Permission(AuditRead, "identity", "查看与导出审计日志", "Read and export the audit trail"));
}

/// <summary>A role the product ships; its permissions follow the modules' defaults.</summary>
internal sealed record BuiltInRole(string Name, string LabelZh, string LabelEn, string[] Permissions);

internal static class BuiltInRoles
{
    /// <summary>
    /// Permissions later modules add to built-in roles are listed here by name pattern, so that
    /// e.g. every "*.read" permission reaches the read-only role without editing this file.
    /// </summary>
    public static IReadOnlyList<BuiltInRole> Resolve(IReadOnlyList<Permission> catalog)
    {
        var moduleReads = catalog.Where(p => p.Module != "identity" && p.Name.EndsWith(".read", StringComparison.Ordinal)).Select(p => p.Name);
        var moduleAll = catalog.Where(p => p.Module != "identity").Select(p => p.Name);
        var moduleOperations = catalog.Where(p => p.Module != "identity" && !p.Administrative).Select(p => p.Name);
        return
        [
            new(IdentityPermissions.SysAdmin, "系统管理员", "System administrator",
                [IdentityPermissions.UsersRead, IdentityPermissions.UsersWrite, IdentityPermissions.RolesRead, .. moduleAll]),
            new(IdentityPermissions.SecAdmin, "安全管理员", "Security administrator",
                [IdentityPermissions.UsersRead, IdentityPermissions.RolesRead, IdentityPermissions.RolesWrite]),
            new(IdentityPermissions.Auditor, "审计员", "Auditor",
                [IdentityPermissions.AuditRead, IdentityPermissions.UsersRead, IdentityPermissions.RolesRead]),
            new(IdentityPermissions.Engineer, "运维工程师", "Engineer", [.. moduleOperations]),
            new(IdentityPermissions.ReadOnly, "只读用户", "Read-only", [.. moduleReads]),
        ];
    }
}
