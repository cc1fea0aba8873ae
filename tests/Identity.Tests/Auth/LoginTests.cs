using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.Auth;

public sealed class LoginTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_WrongPassword_Returns401InvalidCredentials()
    {
        var response = await _host.Client().LoginAsync("admin", "Wrong#Password1");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.CodeAsync()).ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task Login_UnknownUser_Returns401SameCodeAsWrongPassword()
    {
        var response = await _host.Client().LoginAsync("nobody", "Wrong#Password1");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.CodeAsync()).ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task Login_InitialAdmin_MustChangePasswordBeforeAnythingElse()
    {
        var client = _host.Client();
        var login = await client.LoginAsync("admin", _host.InitialAdminPassword);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();

        var users = await client.GetAsync("/api/v1/users");
        users.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await users.CodeAsync()).ShouldBe("password_change_required");
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await (await client.PostAsync("/api/v1/account/totp/enrollment")).CodeAsync()).ShouldBe("password_change_required");

        var weak = await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = _host.InitialAdminPassword, newPassword = "short" });
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await weak.JsonAsync()).GetProperty("errors").GetProperty("newPassword").GetProperty("code").GetString().ShouldBe("password_too_short");

        (await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = _host.InitialAdminPassword, newPassword = "Brand#New2026" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_FiveFailures_LocksForThirtyMinutesEvenWithTheRightPassword()
    {
        var (_, _) = await _host.UserAsync("lock.me", "engineer");
        var client = _host.Client();
        for (var i = 1; i <= 4; i++)
        {
            (await client.LoginAsync("lock.me", "Wrong#Password1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var fifth = await client.LoginAsync("lock.me", "Wrong#Password1");
        fifth.StatusCode.ShouldBe((HttpStatusCode)423);
        (await fifth.CodeAsync()).ShouldBe("account_locked");

        var right = await client.LoginAsync("lock.me", TestHost.UserPassword);
        right.StatusCode.ShouldBe((HttpStatusCode)423);
        (await right.CodeAsync()).ShouldBe("account_locked");

        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        (await client.LoginAsync("lock.me", TestHost.UserPassword)).StatusCode.ShouldBe((HttpStatusCode)423);
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        (await client.LoginAsync("lock.me", TestHost.UserPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_Locked_MessageInRequestLanguage()
    {
        await _host.UserAsync("lang.user", "engineer");
        var en = _host.Client("en-US");
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await en.LoginAsync("lang.user", "Wrong#Password1");
        }

        (await last.JsonAsync()).GetProperty("title").GetString()!.ShouldStartWith("Too many failed logins");
        var zh = await _host.Client().LoginAsync("lang.user", "Wrong#Password1");
        (await zh.JsonAsync()).GetProperty("title").GetString()!.ShouldContain("账户已锁定");
    }

    [Fact]
    public async Task Session_IdleLongerThanTimeout_IsEnded()
    {
        var (client, _) = await _host.UserAsync("idle.user", "engineer");
        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _host.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.GetAsync("/api/v1/auth/me");
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await expired.CodeAsync()).ShouldBe("unauthenticated");
    }

    [Fact]
    public async Task BackgroundPolling_DoesNotKeepAnUnattendedSessionAlive()
    {
        var (client, _) = await _host.UserAsync("poll.user", "engineer");
        for (var minute = 5; minute <= 25; minute += 5)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(5));
            using var poll = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { { "X-HospitalOps-Background", "1" } } };
            (await client.Http.SendAsync(poll)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _host.Clock.Advance(TimeSpan.FromMinutes(6));
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "31 minutes with only background requests: idle");
    }

    [Fact]
    public async Task Session_ActiveButOlderThanAbsoluteLifetime_IsEnded()
    {
        var (client, _) = await _host.UserAsync("busy.user", "engineer");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(20));
            (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _host.Clock.Advance(TimeSpan.FromMinutes(40));
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_OldCookieNoLongerWorks()
    {
        var (client, _) = await _host.UserAsync("leaving.user", "engineer");
        var cookie = client.Cookies.GetCookies(_host.BaseAddress)["hops_session"]!.Value;
        (await client.PostAsync("/api/v1/auth/logout")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var replay = _host.Client();
        replay.Cookies.Add(_host.BaseAddress, new Cookie("hops_session", cookie));
        (await replay.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DisableUser_EndsItsSessionsAtOnce()
    {
        var (user, id) = await _host.UserAsync("to.disable", "engineer");
        (await user.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await _host.AdminAsync();
        var current = await (await admin.GetAsync($"/api/v1/users/{id}")).JsonAsync();
        var update = await admin.PutAsync($"/api/v1/users/{id}", new { displayName = "to.disable", roles = new[] { "engineer" }, disabled = true, version = current.GetProperty("version").GetInt32() });
        update.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await user.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var again = await _host.Client().LoginAsync("to.disable", TestHost.UserPassword);
        again.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await again.CodeAsync()).ShouldBe("account_disabled");
    }

    [Fact]
    public async Task StateChangingRequest_WithoutAntiForgeryHeader_IsRefused()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/users", new { userName = "csrf.victim", displayName = "x", password = "Some#Pass2026", roles = new[] { "engineer" } }, withCsrf: false);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.CodeAsync()).ShouldBe("csrf_failed");
        (await (await admin.GetAsync("/api/v1/users?query=csrf.victim")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteStrict()
    {
        var response = await _host.Client().LoginAsync("admin", _host.InitialAdminPassword);
        var setCookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("hops_session=", StringComparison.Ordinal));
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
    }
}

public sealed class PasswordExpiryTests
{
    [Fact]
    public async Task Login_PasswordOlderThanExpiry_MustChangeItFirst()
    {
        await using var host = await TestHost.StartAsync();
        await host.UserAsync("aging.user", "engineer");
        host.Clock.Advance(TimeSpan.FromDays(91));
        var client = host.Client();
        var login = await client.LoginAsync("aging.user", TestHost.UserPassword);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();
        (await (await client.GetAsync("/api/v1/account/tokens")).CodeAsync()).ShouldBe("password_change_required");
        (await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = TestHost.UserPassword, newPassword = "Fresh#Pass2027" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v1/account/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_AsvsMode_NoExpiry()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Identity:Password:Mode"] = "asvs" });
        var admin = host.Client();
        (await admin.LoginAsync("admin", host.InitialAdminPassword)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/auth/change-password", new { currentPassword = host.InitialAdminPassword, newPassword = "a long passphrase without rules" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        host.Clock.Advance(TimeSpan.FromDays(400));
        var again = await host.Client().LoginAsync("admin", "a long passphrase without rules");
        (await again.JsonAsync()).GetProperty("mustChangePassword").GetBoolean().ShouldBeFalse();
    }
}
