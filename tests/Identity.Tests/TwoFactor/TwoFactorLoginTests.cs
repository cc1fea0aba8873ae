using System.Net;
using Dapper;
using HospitalOps.Identity.TwoFactor;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.TwoFactor;

public sealed class TwoFactorLoginTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(byte[] Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(ApiClient client)
    {
        var begin = await (await client.PostAsync("/api/v1/account/totp/enrollment")).JsonAsync();
        begin.GetProperty("qrSvg").GetString()!.ShouldContain("<svg");
        begin.GetProperty("otpAuthUri").GetString()!.ShouldStartWith("otpauth://totp/");
        var secret = Totp.FromBase32(begin.GetProperty("secret").GetString()!);

        var wrong = await client.PostAsync("/api/v1/account/totp/confirm", new { code = "000000" == Totp.Code(secret, _host.Clock.GetUtcNow()) ? "111111" : "000000" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var confirm = await client.PostAsync("/api/v1/account/totp/confirm", new { code = Totp.Code(secret, _host.Clock.GetUtcNow()) });
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK);
        var codes = (await confirm.JsonAsync()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        codes.Count.ShouldBe(10);
        return (secret, codes);
    }

    [Fact]
    public async Task EnrolledUser_NeedsCode_AndACodeWorksOnlyOnce()
    {
        var (client, _) = await _host.UserAsync("totp.user", "engineer");
        var (secret, _) = await EnrolAsync(client);
        _host.Clock.Advance(TimeSpan.FromSeconds(30));

        var fresh = _host.Client();
        var noCode = await fresh.LoginAsync("totp.user", TestHost.UserPassword);
        noCode.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await noCode.CodeAsync()).ShouldBe("totp_required");
        (await fresh.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var code = Totp.Code(secret, _host.Clock.GetUtcNow());
        var wrong = await fresh.LoginAsync("totp.user", TestHost.UserPassword, code == "123456" ? "654321" : "123456");
        (await wrong.CodeAsync()).ShouldBe("invalid_totp_code");

        (await fresh.LoginAsync("totp.user", TestHost.UserPassword, code)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replay = await _host.Client().LoginAsync("totp.user", TestHost.UserPassword, code);
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await replay.CodeAsync()).ShouldBe("invalid_totp_code");
    }

    [Fact]
    public async Task RecoveryCode_LogsInOnce()
    {
        var (client, _) = await _host.UserAsync("recovery.user", "engineer");
        var (_, codes) = await EnrolAsync(client);
        (await _host.Client().LoginAsync("recovery.user", TestHost.UserPassword, codes[3])).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.Client().LoginAsync("recovery.user", TestHost.UserPassword, codes[3])).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RoleRequiringTwoFactor_ForcesEnrolmentBeforeOtherWork()
    {
        var (client, _) = await _host.UserAsync("forced.user", "readonly");
        var secAdmin = (await _host.UserAsync("sec.admin", "secadmin")).Client;
        var roles = await (await secAdmin.GetAsync("/api/v1/roles")).JsonAsync();
        var readOnly = roles.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "readonly");
        var update = await secAdmin.PutAsync($"/api/v1/roles/{readOnly.GetProperty("id").GetInt64()}", new { requireTwoFactor = true, version = readOnly.GetProperty("version").GetInt32() });
        update.StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = await (await client.GetAsync("/api/v1/auth/me")).JsonAsync();
        me.GetProperty("mustEnrollTwoFactor").GetBoolean().ShouldBeTrue();
        var blocked = await client.GetAsync("/api/v1/account/tokens");
        (await blocked.CodeAsync()).ShouldBe("totp_enrolment_required");

        await EnrolAsync(client);
        (await client.GetAsync("/api/v1/account/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var disable = await client.PostAsync("/api/v1/account/totp/disable", new { password = TestHost.UserPassword });
        (await disable.CodeAsync()).ShouldBe("totp_required_by_role");
    }

    [Fact]
    public async Task TotpSecret_IsEncryptedAtRest()
    {
        var (client, id) = await _host.UserAsync("secret.user", "engineer");
        var begin = await (await client.PostAsync("/api/v1/account/totp/enrollment")).JsonAsync();
        var secret = begin.GetProperty("secret").GetString()!;
        await using var connection = await _host.Databases.Config.OpenAsync();
        var stored = await connection.ExecuteScalarAsync<string>("SELECT totp_pending_secret FROM users WHERE id = @id", new { id });
        stored.ShouldNotBeNullOrEmpty();
        stored.ShouldNotContain(secret);
    }
}
