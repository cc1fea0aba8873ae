using System.Net;
using Dapper;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.Account;

public sealed class ApiTokenTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(long Id, string Secret)> CreateAsync(ApiClient client, string[] scopes, int days = 30)
    {
        var response = await client.PostAsync("/api/v1/account/tokens", new { name = "grafana", scopes, expiresInDays = days });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        return (body.GetProperty("token").GetProperty("id").GetInt64(), body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task Token_AuthenticatesWithoutCookieOrCsrf_WithinItsScope()
    {
        var admin = await _host.AdminAsync();
        var (_, secret) = await CreateAsync(admin, ["identity.users.read"]);
        var bearer = _host.Client();
        bearer.BearerToken = secret;
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // users.write is held by admin but not granted to the token.
        var write = await bearer.PostAsync("/api/v1/users", new { userName = "via.token", displayName = "x", password = "Token#Pass2026", roles = new[] { "engineer" } });
        write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await write.CodeAsync()).ShouldBe("forbidden");
    }

    [Fact]
    public async Task Token_ScopeBeyondOwnPermissions_IsRefused()
    {
        var (engineer, _) = await _host.UserAsync("eng.token", "engineer");
        var response = await engineer.PostAsync("/api/v1/account/tokens", new { name = "x", scopes = new[] { "identity.users.write" }, expiresInDays = 30 });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("scopes").GetProperty("code").GetString().ShouldBe("invalid_scope");
    }

    [Fact]
    public async Task Token_RevokedOrExpired_StopsWorking()
    {
        var admin = await _host.AdminAsync();
        var (id, secret) = await CreateAsync(admin, ["identity.users.read"], days: 2);
        var (_, secret2) = await CreateAsync(admin, ["identity.users.read"], days: 2);
        var bearer = _host.Client();
        bearer.BearerToken = secret;
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/v1/account/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var second = _host.Client();
        second.BearerToken = secret2;
        (await second.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _host.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        (await second.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_ChangesWrittenStraightIntoTheDatabase_TakeEffectAtTheNextRequest()
    {
        // What another node does goes only through the shared database: this node must not keep answering from what it
        // read about the token earlier.
        var admin = await _host.AdminAsync();
        var (engineer, _) = await _host.UserAsync("eng.node", "engineer");
        var (engineerTokenId, engineerSecret) = await CreateAsync(engineer, ["monitoring.read"]);
        var (revokedId, revokedSecret) = await CreateAsync(admin, ["identity.users.read"]);
        var bearer = _host.Client();
        bearer.BearerToken = engineerSecret;
        var revoked = _host.Client();
        revoked.BearerToken = revokedSecret;
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revoked.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var connection = await _host.Databases.Config.OpenAsync();
        await connection.ExecuteAsync("UPDATE api_tokens SET revoked_at = 1 WHERE id = @revokedId", new { revokedId });
        (await revoked.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The owner's role loses the permission: the token, which never holds more than its owner, loses it too.
        var permissions = await connection.ExecuteScalarAsync<string>("SELECT permissions FROM roles WHERE name = 'engineer'");
        await connection.ExecuteAsync("UPDATE roles SET permissions = @p WHERE name = 'engineer'",
            new { p = string.Join(' ', permissions!.Split(' ').Where(x => x != "monitoring.read")) });
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await connection.ExecuteAsync("UPDATE roles SET permissions = @permissions WHERE name = 'engineer'", new { permissions });
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await connection.ExecuteAsync("UPDATE users SET disabled = @yes WHERE user_name = 'eng.node'", new { yes = true });
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await connection.ExecuteAsync("UPDATE users SET disabled = @no WHERE user_name = 'eng.node'", new { no = false });
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await connection.ExecuteAsync("DELETE FROM api_tokens WHERE id = @engineerTokenId", new { engineerTokenId });
        (await bearer.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_LastUse_IsRecordedAtMostOnceAMinute()
    {
        var admin = await _host.AdminAsync();
        var (id, secret) = await CreateAsync(admin, ["identity.users.read"]);
        var bearer = _host.Client();
        bearer.BearerToken = secret;
        await using var connection = await _host.Databases.Config.OpenAsync();
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = await connection.ExecuteScalarAsync<long?>("SELECT last_used_at FROM api_tokens WHERE id = @id", new { id });
        first.ShouldNotBeNull();
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await connection.ExecuteScalarAsync<long?>("SELECT last_used_at FROM api_tokens WHERE id = @id", new { id })).ShouldBe(first);
        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await connection.ExecuteScalarAsync<long?>("SELECT last_used_at FROM api_tokens WHERE id = @id", new { id })).ShouldBe(first + 61_000);
    }

    [Fact]
    public async Task Token_OwnersPasswordExpiring_RestrictsItAtTheNextRequest_WithNothingWrittenToTheDatabase()
    {
        var admin = await _host.AdminAsync();
        var (_, secret) = await CreateAsync(admin, ["identity.users.read"], days: 365);
        var bearer = _host.Client();
        bearer.BearerToken = secret;
        (await bearer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Only time passes: the identity generation stays the same, yet the principal the token signed in with before
        // must not be reused once the owner's password has expired.
        _host.Clock.Advance(TimeSpan.FromDays(91));
        var restricted = await bearer.GetAsync("/api/v1/users");
        restricted.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await restricted.CodeAsync()).ShouldBe("password_change_required");
    }

    [Fact]
    public async Task Token_TwoTokensOfOneOwner_UsedAlternately_EachKeepsItsOwnScopes()
    {
        var admin = await _host.AdminAsync();
        var (_, readOnly) = await CreateAsync(admin, ["identity.users.read"]);
        var (_, audit) = await CreateAsync(admin, ["identity.roles.read"]);
        var first = _host.Client();
        first.BearerToken = readOnly;
        var second = _host.Client();
        second.BearerToken = audit;
        for (var i = 0; i < 3; i++)
        {
            // Two tokens of the same owner, used alternately: each keeps exactly its own scopes.
            (await first.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await second.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Token_IsStoredOnlyAsHash_AndNotListedAgain()
    {
        var admin = await _host.AdminAsync();
        var (_, secret) = await CreateAsync(admin, ["identity.users.read"]);
        await using var connection = await _host.Databases.Config.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_tokens WHERE token_hash = @secret OR name = @secret", new { secret })).ShouldBe(0);
        var list = await (await admin.GetAsync("/api/v1/account/tokens")).Content.ReadAsStringAsync();
        list.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Token_OfAnotherUser_CannotBeRevoked()
    {
        var admin = await _host.AdminAsync();
        var (id, _) = await CreateAsync(admin, ["identity.users.read"]);
        var (engineer, _) = await _host.UserAsync("eng.other", "engineer");
        (await engineer.DeleteAsync($"/api/v1/account/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
