using HospitalOps.Identity.Account;
using HospitalOps.Identity.Audit;
using HospitalOps.Identity.Auth;
using HospitalOps.Identity.Bootstrap;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Demo;
using HospitalOps.Identity.Ldap;
using HospitalOps.Identity.Org;
using HospitalOps.Identity.Passwords;
using HospitalOps.Identity.Roles;
using HospitalOps.Identity.Sessions;
using HospitalOps.Identity.TwoFactor;
using HospitalOps.Identity.Users;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Identity;

/// <summary>Users, roles, sessions, two-factor login, LDAP, API tokens and the audit trail.</summary>
public static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        IdentityPermissions.Register();
        IdentityErrors.Register();
        services.Configure<IdentityOptions>(configuration.GetSection("Identity"));
        services.AddSingleton<IMigrationSource, IdentityMigrations>();
        services.AddHttpContextAccessor();
        services.AddSingleton<TokenCheckCache>();
        services.AddAuthentication(SessionAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthentication>(SessionAuthentication.SchemeName, null);

        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddSingleton<IUserDirectory, Users.UserDirectory>();
        services.AddSingleton<IObjectAccessRule, UserAccessRule>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<LdapAuthenticator>();
        services.AddSingleton<TwoFactorVerifier>();
        services.AddSingleton<IDemoData, IdentityDemo>();
        services.AddSingleton<SyncBuiltInRoles>();
        services.AddSingleton<InitialAdmin>();
        services.AddSingleton<VerifyAudit>();
        services.AddSingleton<ListAudit>();
        services.AddScoped<Login>();
        services.AddScoped<Me>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<EnrollTotp>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<CreateUser>();
        services.AddScoped<UpdateUser>();
        services.AddSingleton<ResetPassword>();
        services.AddScoped<SaveRole>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityModule(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Identity: sign-in");
        auth.MapPost("/login", Login.Endpoint).Public();
        auth.MapPost("/logout", Logout.Endpoint).AllowWhileRestricted();
        auth.MapGet("/me", Me.Endpoint).AllowWhileRestricted();
        auth.MapPost("/change-password", ChangePassword.Endpoint).AllowWhileRestricted();

        var account = api.MapGroup("/account").WithTags("Identity: my account");
        account.MapPost("/totp/enrollment", EnrollTotp.BeginEndpoint).AllowWhileRestricted(SessionAuthentication.TotpEnrolmentRequired);
        account.MapPost("/totp/confirm", EnrollTotp.ConfirmEndpoint).AllowWhileRestricted(SessionAuthentication.TotpEnrolmentRequired);
        account.MapPost("/totp/disable", EnrollTotp.DisableEndpoint);
        account.MapGet("/tokens", ApiTokens.ListEndpoint);
        account.MapPost("/tokens", ApiTokens.CreateEndpoint);
        account.MapDelete("/tokens/{id:long}", ApiTokens.RevokeEndpoint);

        var users = api.MapGroup("/users").WithTags("Identity: users");
        users.MapGet("/", ListUsers.Endpoint).RequirePermission(IdentityPermissions.UsersRead);
        users.MapGet("/{id:long}", GetUser.Endpoint);
        users.MapPost("/", CreateUser.Endpoint).RequirePermission(IdentityPermissions.UsersWrite);
        users.MapPut("/{id:long}", UpdateUser.Endpoint).RequirePermission(IdentityPermissions.UsersWrite);
        users.MapPost("/{id:long}/reset-password", ResetPassword.Endpoint).RequirePermission(IdentityPermissions.UsersWrite);
        users.MapPost("/{id:long}/unlock", UnlockUser.Endpoint).RequirePermission(IdentityPermissions.UsersWrite);

        var roles = api.MapGroup("/roles").WithTags("Identity: roles");
        roles.MapGet("/", ListRoles.Endpoint).RequirePermission(IdentityPermissions.RolesRead);
        roles.MapPost("/", SaveRole.CreateEndpoint).RequirePermission(IdentityPermissions.RolesWrite);
        roles.MapPut("/{id:long}", SaveRole.UpdateEndpoint).RequirePermission(IdentityPermissions.RolesWrite);
        roles.MapDelete("/{id:long}", SaveRole.DeleteEndpoint).RequirePermission(IdentityPermissions.RolesWrite);
        api.MapGet("/permissions", ListRoles.PermissionsEndpoint).RequirePermission(IdentityPermissions.RolesRead).WithTags("Identity: roles");

        api.MapGet("/org-units", ListOrgUnits.Endpoint).WithTags("Identity: organisation");

        var audit = api.MapGroup("/audit").WithTags("Identity: audit trail");
        audit.MapGet("/", ListAudit.ListEndpoint).RequirePermission(IdentityPermissions.AuditRead);
        audit.MapGet("/export.csv", ListAudit.ExportEndpoint).RequirePermission(IdentityPermissions.AuditRead);
        audit.MapGet("/verify", VerifyAudit.Endpoint).RequirePermission(IdentityPermissions.AuditRead);
        return api;
    }
}

/// <summary>What the host calls at start and from its CLI.</summary>
public static class IdentityStartup
{
    public static Task SyncBuiltInRolesAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<SyncBuiltInRoles>().Handle(ct);

    /// <summary>Creates the first administrator when there are no users; returns its password, or null.</summary>
    public static Task<string?> EnsureInitialAdminAsync(IServiceProvider services, string dataDirectory, CancellationToken ct) =>
        services.GetRequiredService<InitialAdmin>().EnsureAsync(dataDirectory, ct);

    public static Task<AuditVerification> VerifyAuditAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<VerifyAudit>().Handle(ct);
}
