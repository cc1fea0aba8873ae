using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Bench.AlertStorm;

/// <summary>Wall-clock Unix milliseconds with sub-millisecond resolution (one anchor, then the monotonic clock).</summary>
internal static class Clock
{
    private static readonly long Start = Stopwatch.GetTimestamp();
    private static readonly double Anchor = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static double NowMs() => Anchor + Stopwatch.GetElapsedTime(Start).TotalMilliseconds;
}

/// <summary>
/// The counting webhook receiver: answers 200 to every POST under /hook/, and records when each notification arrived and
/// which alerts it names. Alertmanager's webhook body (<c>{alerts: [{labels}]}</c>) names alerts by their labels;
/// HospitalOps's (<c>{idempotencyKey, kind, event}</c>) names one event, whose labels it carries too.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly double[] _firstArrival;
    private readonly int _names;

    public Receiver(int port, int keys, int names)
    {
        _names = names;
        _firstArrival = new double[keys];
        Array.Fill(_firstArrival, double.NaN);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        _app = builder.Build();
        _app.MapPost("/hook/{name}", (Delegate)HandleAsync);
    }

    /// <summary>Notifications received: arrival time, alerts named, firing alerts named.</summary>
    public List<(double At, int Alerts, int Firing)> Notifications { get; } = [];

    /// <summary>Alerts named that are not in the plan, or resolved ones.</summary>
    public int Unknown { get; private set; }

    public int Resolved { get; private set; }

    public int Seen { get; private set; }

    public Task StartAsync() => _app.StartAsync();

    public double[] FirstArrivals()
    {
        lock (_gate)
        {
            return (double[])_firstArrival.Clone();
        }
    }

    public int NotificationCount
    {
        get
        {
            lock (_gate)
            {
                return Notifications.Count;
            }
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var at = Clock.NowMs();
        using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var keys = new List<(int? Key, bool Firing)>();
        if (doc.RootElement.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array)
        {
            foreach (var alert in alerts.EnumerateArray())
            {
                keys.Add((KeyOf(alert.GetProperty("labels")), alert.TryGetProperty("status", out var s) && s.GetString() == "firing"));
            }
        }
        else if (doc.RootElement.TryGetProperty("event", out var evt) && evt.ValueKind == JsonValueKind.Object)
        {
            var kind = doc.RootElement.TryGetProperty("kind", out var k) ? k.GetString() : null;
            keys.Add((evt.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object ? KeyOf(labels) : null, kind == "firing"));
        }

        lock (_gate)
        {
            Notifications.Add((at, keys.Count, keys.Count(k => k.Firing)));
            foreach (var (key, firing) in keys)
            {
                if (key is not { } i)
                {
                    Unknown++;
                }
                else if (!firing)
                {
                    Resolved++;
                }
                else if (double.IsNaN(_firstArrival[i]))
                {
                    _firstArrival[i] = at;
                    Seen++;
                }
            }
        }

        return Results.Ok();
    }

    private int? KeyOf(JsonElement labels) =>
        StormPlan.KeyOf(
            labels.TryGetProperty("ci", out var ci) ? ci.GetString() : null,
            labels.TryGetProperty("alertname", out var name) ? name.GetString() : null,
            _names);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
