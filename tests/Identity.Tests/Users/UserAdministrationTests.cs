using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.Users;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateUser_WithEngineerRole_EngineerCannotManageUsers()
    {
        var (engineer, id) = await _host.UserAsync("eng.one", "engineer");
        var me = await (await engineer.GetAsync("/api/v1/auth/me")).JsonAsync();
        me.GetProperty("roles")[0].GetProperty("name").GetString().ShouldBe("engineer");

        var list = await engineer.GetAsync("/api/v1/users");
        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await list.CodeAsync()).ShouldBe("forbidden");

        // Per-object check: an engineer reads their own record, not somebody else's.
        (await engineer.GetAsync($"/api/v1/users/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await engineer.GetAsync("/api/v1/users/1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateUser_InvalidInput_ReturnsFieldErrorsAndCreatesNothing()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.PostAsync("/api/v1/users", new { userName = "bad name!", displayName = "", password = "Valid#Pass2026", roles = new[] { "engineer" } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        errors.GetProperty("userName").GetProperty("code").GetString().ShouldBe("invalid_user_name");
        errors.GetProperty("displayName").GetProperty("code").GetString().ShouldBe("required");

        var weak = await admin.PostAsync("/api/v1/users", new { userName = "weak.pw", displayName = "w", password = "alllowercase", roles = new[] { "engineer" } });
        (await weak.JsonAsync()).GetProperty("errors").GetProperty("password").GetProperty("code").GetString().ShouldBe("password_too_simple");

        var unknownRole = await admin.PostAsync("/api/v1/users", new { userName = "no.role", displayName = "n", password = "Valid#Pass2026", roles = new[] { "wizard" } });
        (await unknownRole.JsonAsync()).GetProperty("errors").GetProperty("roles").GetProperty("code").GetString().ShouldBe("unknown_role");

        (await (await admin.GetAsync("/api/v1/users")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task CreateUser_TooLongPhone_IsReportedOnThePhoneField()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.PostAsync("/api/v1/users", new { userName = "long.phone", displayName = "Long", password = "Valid#Pass2026", roles = Array.Empty<string>(), phone = new string('1', 50) });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("phone").GetProperty("code").GetString().ShouldBe("too_long");
    }

    [Fact]
    public async Task CreateUser_DuplicateNameIgnoringCase_IsRefused()
    {
        var admin = await _host.AdminAsync();
        (await admin.PostAsync("/api/v1/users", new { userName = "Zhang.Wei", displayName = "张伟", password = "Valid#Pass2026", roles = new[] { "engineer" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var dup = await admin.PostAsync("/api/v1/users", new { userName = "zhang.wei", displayName = "张伟", password = "Valid#Pass2026", roles = new[] { "engineer" } });
        (await dup.JsonAsync()).GetProperty("errors").GetProperty("userName").GetProperty("code").GetString().ShouldBe("user_name_taken");
    }

    [Fact]
    public async Task DemoAccounts_HaveNoPasswordAndCannotSignIn()
    {
        await HospitalOps.Host.Platform.PlatformStartup.LoadDemoAsync(_host.Services, default);
        var admin = await _host.AdminAsync();
        var page = await (await admin.GetAsync("/api/v1/users?query=chen.hao")).JsonAsync();
        var user = page.GetProperty("items")[0];
        user.GetProperty("hasPassword").GetBoolean().ShouldBeFalse();
        (await _host.Client().LoginAsync("chen.hao", "")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client().LoginAsync("chen.hao", "Anything#2026")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await admin.GetAsync("/api/v1/users?query=admin")).JsonAsync()).GetProperty("items")[0].GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AssignRoles_CombiningSeparatedDuties_IsRefused()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.PostAsync("/api/v1/users", new { userName = "all.powers", displayName = "x", password = "Valid#Pass2026", roles = new[] { "sysadmin", "auditor" } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("roles").GetProperty("code").GetString().ShouldBe("duties_combined");
    }

    [Fact]
    public async Task Admin_CannotChangeOwnRoles()
    {
        var admin = await _host.AdminAsync();
        var me = await (await admin.GetAsync("/api/v1/users/1")).JsonAsync();
        var response = await admin.PutAsync("/api/v1/users/1", new { displayName = "admin", roles = new[] { "sysadmin", "engineer" }, version = me.GetProperty("version").GetInt32() });
        (await response.CodeAsync()).ShouldBe("cannot_change_own_roles");
    }

    [Fact]
    public async Task UpdateUser_StaleVersion_Returns409AndChangesNothing()
    {
        var (_, id) = await _host.UserAsync("stale.user", "engineer");
        var admin = await _host.AdminAsync();
        var v = (await (await admin.GetAsync($"/api/v1/users/{id}")).JsonAsync()).GetProperty("version").GetInt32();
        (await admin.PutAsync($"/api/v1/users/{id}", new { displayName = "第一次修改", version = v })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await admin.PutAsync($"/api/v1/users/{id}", new { displayName = "第二次修改", version = v });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await admin.GetAsync($"/api/v1/users/{id}")).JsonAsync()).GetProperty("displayName").GetString().ShouldBe("第一次修改");
    }

    [Fact]
    public async Task ResetPassword_EndsSessionsAndForcesChange()
    {
        var (user, id) = await _host.UserAsync("reset.user", "engineer");
        var admin = await _host.AdminAsync();
        (await admin.PostAsync($"/api/v1/users/{id}/reset-password", new { newPassword = "Reset#Pass2026" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var login = await _host.Client().LoginAsync("reset.user", "Reset#Pass2026");
        (await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task SecurityAdmin_ManagesRoles_ButNotUsers()
    {
        var (sec, _) = await _host.UserAsync("sec.one", "secadmin");
        var create = await sec.PostAsync("/api/v1/roles", new { name = "viewer-plus", labelZh = "查看者", labelEn = "Viewer", permissions = new[] { "identity.users.read" }, requireTwoFactor = false });
        create.StatusCode.ShouldBe(HttpStatusCode.Created);
        var combined = await sec.PostAsync("/api/v1/roles", new { name = "too-much", labelZh = "x", labelEn = "x", permissions = new[] { "identity.users.write", "audit.read" } });
        (await combined.JsonAsync()).GetProperty("errors").GetProperty("permissions").GetProperty("code").GetString().ShouldBe("duties_combined");
        (await sec.PostAsync("/api/v1/users", new { userName = "by.sec", displayName = "x", password = "Valid#Pass2026" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
