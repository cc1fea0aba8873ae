using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.ServiceDesk.Tests.Changes;

/// <summary>A hospital's group-creating integration on a free loopback port: it keeps every JSON body it is sent and answers 200.</summary>
internal sealed class GroupReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(JsonElement Body, string? IdempotencyKey)> _received = [];

    private GroupReceiver(WebApplication app)
    {
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/groups";
    }

    public string Url { get; }

    public IReadOnlyList<(JsonElement Body, string? IdempotencyKey)> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    public static async Task<GroupReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        GroupReceiver? receiver = null;
        app.MapPost("/groups", async context =>
        {
            var body = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)).RootElement.Clone();
            lock (receiver!._received)
            {
                receiver._received.Add((body, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
            }

            await context.Response.WriteAsJsonAsync(new { ok = true });
        });
        await app.StartAsync();
        receiver = new GroupReceiver(app);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
