using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HospitalOps.Tests.Support;

/// <summary>
/// An HTTP client that behaves like the web app: keeps cookies, echoes the anti-forgery
/// cookie in the X-CSRF-Token header on writes, and sends a language.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? language = null)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        if (language is not null)
        {
            _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public string? Csrf => Cookies.GetCookies(_http.BaseAddress!)["hops_csrf"]?.Value;

    public string? BearerToken
    {
        set => _http.DefaultRequestHeaders.Authorization = value is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", value);
    }

    public Task<HttpResponseMessage> LoginAsync(string userName, string password, string? totpCode = null) =>
        _http.PostAsJsonAsync("/api/v1/auth/login", new { userName, password, totpCode });

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withCsrf && Csrf is { } csrf)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        return _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

public static class ResponseExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The ProblemDetails code of an error response.</summary>
    public static async Task<string?> CodeAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).TryGetProperty("code", out var code) ? code.GetString() : null;
}
