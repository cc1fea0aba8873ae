using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HospitalOps.Bench.TicketScale;

/// <summary>An admin session on the server, as the web app holds one: the session cookie, and the CSRF header on writes.</summary>
internal static class Api
{
    public const string Password = "Bench#Pass2026x";

    public static async Task<HttpClient> AdminAsync(string url, string dataDir)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(5),
        };
        var passwordFile = Path.Combine(dataDir, "initial-admin-password");
        var password = (await File.ReadAllTextAsync(passwordFile)).Trim();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password });
        login.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        SetCsrf(client, cookies);
        if (body.RootElement.TryGetProperty("mustChangePassword", out var must) && must.GetBoolean())
        {
            (await client.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = password, newPassword = Password })).EnsureSuccessStatusCode();
            await File.WriteAllTextAsync(passwordFile, Password);
            SetCsrf(client, cookies);
        }

        return client;
    }

    private static void SetCsrf(HttpClient client, CookieContainer cookies)
    {
        var csrf = cookies.GetAllCookies().FirstOrDefault(c => c.Name == "hops_csrf")?.Value;
        client.DefaultRequestHeaders.Remove("X-CSRF-Token");
        if (csrf is not null)
        {
            client.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        }
    }
}
