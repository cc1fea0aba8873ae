using IronSnappy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Tests.Forwarding;

/// <summary>One write request as the fake receiver saw it.</summary>
internal sealed record ReceivedWrite(int AnsweredStatus, string? ContentType, string? ContentEncoding, string? Version, string? Authorization, List<DecodedSeries> Series);

/// <summary>
/// A remote-write endpoint on a free loopback port that decodes what it gets (snappy block +
/// protobuf) and answers with the statuses a test queues (then 204).
/// </summary>
internal sealed class FakeReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<int> _statuses = new();
    private readonly List<ReceivedWrite> _writes = [];

    private FakeReceiver(WebApplication app)
    {
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/api/v1/write";
    }

    private int _atGate;

    public string Url { get; }

    /// <summary>When set, each request waits on it before answering (a receiver that hangs).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Requests that have reached the gate (that is, sends in flight).</summary>
    public int AtGate => Volatile.Read(ref _atGate);

    public IReadOnlyList<ReceivedWrite> Writes
    {
        get
        {
            lock (_writes)
            {
                return _writes.ToList();
            }
        }
    }

    /// <summary>All samples answered with 2xx, per series' <c>__name__</c>.</summary>
    public List<(DecodedSeries Series, long Timestamp, ulong Bits)> Accepted() =>
        Writes.Where(w => w.AnsweredStatus is >= 200 and < 300)
            .SelectMany(w => w.Series.SelectMany(s => s.Samples.Select(x => (s, x.Timestamp, x.Bits)))).ToList();

    public void Answer(params int[] statuses)
    {
        lock (_statuses)
        {
            foreach (var s in statuses)
            {
                _statuses.Enqueue(s);
            }
        }
    }

    public static async Task<FakeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeReceiver? receiver = null;
        app.MapPost("/api/v1/write", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (receiver!.Gate is { } gate)
            {
                Interlocked.Increment(ref receiver._atGate);
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            int status;
            lock (receiver._statuses)
            {
                status = receiver._statuses.TryDequeue(out var s) ? s : StatusCodes.Status204NoContent;
            }

            var series = WriteRequestReader.Read(Snappy.Decode(body.ToArray()));
            var headers = context.Request.Headers;
            lock (receiver._writes)
            {
                receiver._writes.Add(new ReceivedWrite(status, headers.ContentType, headers.ContentEncoding, headers["X-Prometheus-Remote-Write-Version"], headers.Authorization, series));
            }

            context.Response.StatusCode = status;
            if (status >= 400)
            {
                await context.Response.WriteAsync("fake receiver says no");
            }
        });
        await app.StartAsync();
        receiver = new FakeReceiver(app);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
