using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// The HTTP side of robots, SMS APIs and webhooks: one client that never follows redirects (a redirect could lead a
/// notification to a host the allow-list does not name), a 10-second limit, and answers read up to 64 KiB. Failures are
/// described by status and vendor code only: URLs carry keys and must not reach the delivery log.
/// </summary>
internal sealed class NotificationHttp(IHttpClientFactory clients)
{
    public const string ClientName = "notifications";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const int MaxAnswer = 64 * 1024;

    public static SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
    };

    /// <summary>A peer's answer: its status and body (JSON when it parses), or why there was none.</summary>
    public sealed record Answer(HttpStatusCode? Status, JsonElement? Json, string? Failure, TimeSpan? RetryAfter)
    {
        public bool Ok => Status is { } s && (int)s is >= 200 and < 300;

        /// <summary>What to do about an answer that is not a success: retry on no answer, 408, 429 and 5xx; give up on other 4xx.</summary>
        public SendOutcome AsFailure()
        {
            if (Failure is not null)
            {
                return SendOutcome.Retry(Failure);
            }

            var code = (int)Status!.Value;
            return code is 408 or 429 or >= 500 ? SendOutcome.Retry($"HTTP {code}", RetryAfter) : SendOutcome.Fail($"HTTP {code}");
        }
    }

    public async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var buffer = new byte[MaxAnswer];
            var length = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
            {
                int read;
                while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
                {
                    length += read;
                }
            }

            JsonElement? json = null;
            try
            {
                json = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON (an HTML error page of a proxy, say): the status decides.
            }

            return new Answer(response.StatusCode, json, null, RetryAfterOf(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Answer(null, null, $"no answer within {Timeout.TotalSeconds:0} s", null);
        }
        catch (HttpRequestException ex)
        {
            return new Answer(null, null, ex.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : $"connection failed ({ex.HttpRequestError})", null);
        }
    }

    public static HttpRequestMessage PostJson(string url, string json) =>
        new(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>The integer a vendor puts in its answer (<c>errcode</c>, <c>code</c>), or null.</summary>
    public static long? Code(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static string? Text(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) => header?.Delta;
}
