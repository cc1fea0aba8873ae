using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HospitalOps.ServiceDesk.Boards;

/// <summary>
/// <c>GET /boards/stream</c>: a Server-Sent Events stream that says <c>changed</c> (with this node's notice number) when the boards
/// changed; the page then fetches its board again. A comment every <see cref="Heartbeat"/> keeps proxies from closing an idle
/// stream. The stream ends after <see cref="Lifetime"/>; the browser's EventSource reconnects by itself, and the reconnection is
/// authenticated again, so a session that ended (logout, idle limit) ends its streams too. Closing the tab ends the loop at once.
/// </summary>
internal static class BoardStream
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int RetryMs = 2000;

    internal static async Task Endpoint(HttpContext context, BoardChanges changes)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx would otherwise hold the events back in its buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = context.RequestAborted;
        using var subscription = changes.Subscribe();
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        lifetime.CancelAfter(Lifetime);
        var ct = lifetime.Token;
        try
        {
            await WriteAsync(response, $"retry: {RetryMs}\nevent: ready\ndata: {{\"version\":{changes.Version.ToString(CultureInfo.InvariantCulture)}}}\n\n", ct);
            while (!ct.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                beat.CancelAfter(Heartbeat);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(beat.Token))
                    {
                        break;
                    }

                    var version = changes.Version;
                    while (subscription.Reader.TryRead(out var v))
                    {
                        version = Math.Max(version, v);
                    }

                    var n = version.ToString(CultureInfo.InvariantCulture);
                    await WriteAsync(response, $"id: {n}\nevent: changed\ndata: {{\"version\":{n}}}\n\n", ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(response, ": heartbeat\n\n", ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the tab closed, or the stream's lifetime ended
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
