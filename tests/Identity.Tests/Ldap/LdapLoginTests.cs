using System.Net;
using HospitalOps.Identity.Ldap;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.Ldap;

/// <summary>Login against Debian's slapd, started by ./test with tests/fixtures/ldap/directory.ldif.</summary>
public sealed class LdapLoginTests : IAsyncLifetime
{
    private const string PortVariable = "HOSPITALOPS_TEST_LDAP_PORT";
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        _host = await TestHost.StartAsync(port is null ? null : new Dictionary<string, string?>
        {
            ["Identity:Ldap:Enabled"] = "true",
            ["Identity:Ldap:Host"] = "127.0.0.1",
            ["Identity:Ldap:Port"] = port,
            ["Identity:Ldap:UserBaseDn"] = "ou=people,dc=hospital,dc=test",
            ["Identity:Ldap:GroupBaseDn"] = "ou=groups,dc=hospital,dc=test",
            ["Identity:Ldap:GroupRoles:ops-engineers"] = "engineer",
            ["Identity:Ldap:GroupRoles:audit-team"] = "auditor",
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [RequiresEnvironmentFact(PortVariable)]
    public async Task DirectoryUser_LogsIn_WithRolesFromGroups()
    {
        var client = _host.Client();
        var login = await client.LoginAsync("ldap.engineer", "Directory#Pass1");
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await login.JsonAsync();
        me.GetProperty("source").GetString().ShouldBe("ldap");
        me.GetProperty("displayName").GetString().ShouldBe("目录工程师");
        me.GetProperty("mustChangePassword").GetBoolean().ShouldBeFalse();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["engineer"]);

        var auditor = _host.Client();
        (await auditor.LoginAsync("ldap.auditor", "Directory#Pass2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await auditor.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [RequiresEnvironmentFact(PortVariable)]
    public async Task DirectoryUser_WrongOrEmptyPassword_IsRefused()
    {
        (await _host.Client().LoginAsync("ldap.engineer", "Wrong#Pass1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client().LoginAsync("nobody.here", "Directory#Pass1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client().LoginAsync("ldap.engineer", "")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [RequiresEnvironmentFact(PortVariable)]
    public async Task FilterCharactersInUserName_AreEscaped()
    {
        (await _host.Client().LoginAsync("*)(uid=*", "Directory#Pass1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        LdapAuthenticator.EscapeFilter("a*b(c)\\").ShouldBe(@"a\2ab\28c\29\5c");
    }

    [RequiresEnvironmentFact(PortVariable)]
    public async Task LocalAdmin_StillLogsInWithLdapEnabled()
    {
        (await _host.Client().LoginAsync("admin", _host.InitialAdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
