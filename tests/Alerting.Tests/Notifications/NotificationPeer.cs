using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>A request as the peer received it: the raw body bytes, so signatures can be checked over what arrived.</summary>
public sealed record PeerRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string? QueryValue(string name) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var v) ? v.ToString() : null;
}

/// <summary>
/// A local stand-in for a robot, an SMS API or a webhook receiver: records every request and answers with what the test
/// queued (status and JSON), or with the default answer once the queue is empty.
/// </summary>
public sealed class NotificationPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> _answers = new();

    private NotificationPeer(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<PeerRequest> Requests { get; } = new();

    public (HttpStatusCode Status, string Body) DefaultAnswer { get; set; } = (HttpStatusCode.OK, """{"errcode":0,"errmsg":"ok"}""");

    /// <summary>While set and not completed, the peer holds every request (recorded) without answering: a peer that hangs.</summary>
    public Task? Hold { get; set; }

    public void Answer(HttpStatusCode status, string body) => _answers.Enqueue((status, body));

    public static async Task<NotificationPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NotificationPeer? peer = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            peer!.Requests.Enqueue(new PeerRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));
            if (peer.Hold is { } hold)
            {
                await hold;
            }

            var (status, body) = peer._answers.TryDequeue(out var queued) ? queued : peer.DefaultAnswer;
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        peer = new NotificationPeer(app);
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
