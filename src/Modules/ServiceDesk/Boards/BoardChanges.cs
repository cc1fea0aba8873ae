using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.ServiceDesk.Boards;

/// <summary>
/// Tells the open board streams of this node that the boards changed: at once when a ticket changes on this node
/// (<see cref="TicketChanges"/>), and within <see cref="PollInterval"/> when it changes on another node or the SLA sweep of
/// another node moves a colour (a cheap fingerprint of the open tickets, read only while a stream is open). Bursts are
/// coalesced: at most one notice per <see cref="CoalesceWindow"/>, the first of a burst at once.
/// </summary>
/// <remarks>
/// The windows are wall-clock time (a stopwatch), not the injected clock: they pace network traffic, they are not business time.
/// </remarks>
internal sealed class BoardChanges : BackgroundService
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly Databases _databases;
    private readonly ILogger<BoardChanges> _log;
    private readonly Lock _gate = new();
    private readonly List<Channel<long>> _subscribers = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private long _version;
    private bool _scheduled;
    private TimeSpan? _lastPublished;
    private Fingerprint? _known;

    public BoardChanges(Databases databases, ILogger<BoardChanges> log)
    {
        _databases = databases;
        _log = log;
        TicketChanges.Changed += OnTicketsChanged;
    }

    /// <summary>The number of the last notice this node sent.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>How many streams are open on this node.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A stream's own queue of notices; only the newest matters, so older ones are dropped.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    private void Unsubscribe(Channel<long> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    private void OnTicketsChanged(long _)
    {
        // Raised inside the request that changed the ticket: nothing here may fail it.
        try
        {
            Request();
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Board notice not requested");
        }
    }

    /// <summary>Asks for a notice: sent now if none went out within the window, else once the window has passed.</summary>
    internal void Request()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_scheduled || _subscribers.Count == 0)
            {
                return;
            }

            _scheduled = true;
            var since = _lastPublished is { } last ? _watch.Elapsed - last : CoalesceWindow;
            wait = since >= CoalesceWindow ? TimeSpan.Zero : CoalesceWindow - since;
        }

        _ = PublishAfterAsync(wait);
    }

    private async Task PublishAfterAsync(TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            lock (_gate)
            {
                _scheduled = false;
                _lastPublished = _watch.Elapsed;
            }

            await _publishing.WaitAsync();
            try
            {
                // The baseline is read before the notice goes out, so whatever it includes is what the browsers fetch after it.
                var fingerprint = await ReadFingerprintAsync(CancellationToken.None);
                lock (_gate)
                {
                    _known = fingerprint;
                }
            }
            catch (Exception ex)
            {
                _log.LogDebug(ex, "Board fingerprint not read; the notice goes out anyway");
            }
            finally
            {
                _publishing.Release();
            }

            var version = Interlocked.Increment(ref _version);
            Channel<long>[] targets;
            lock (_gate)
            {
                targets = [.. _subscribers];
            }

            foreach (var channel in targets)
            {
                channel.Writer.TryWrite(version);
            }
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Board notice failed");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Subscribers == 0)
                {
                    lock (_gate)
                    {
                        _known = null;
                    }

                    continue;
                }

                try
                {
                    await _publishing.WaitAsync(stoppingToken);
                    bool changed;
                    try
                    {
                        var now = await ReadFingerprintAsync(stoppingToken);
                        lock (_gate)
                        {
                            changed = _known is { } known && known != now;
                            _known = now;
                        }
                    }
                    finally
                    {
                        _publishing.Release();
                    }

                    if (changed)
                    {
                        Request();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogWarning(ex, "Board change poll failed; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        TicketChanges.Changed -= OnTicketsChanged;
        base.Dispose();
    }

    /// <summary>
    /// What the boards show, in four numbers: the last change, how many tickets are open, the sum of their colours' ranks and how
    /// many breached. Every ticket change moves <c>updated_at</c> or the count; the sweep only ever darkens a colour, which moves the sum.
    /// </summary>
    private async Task<Fingerprint> ReadFingerprintAsync(CancellationToken ct)
    {
        await using var connection = await _databases.Config.OpenAsync(ct);
        return await connection.QuerySingleAsync<Fingerprint>(new CommandDefinition(
            """
            SELECT COALESCE(MAX(updated_at), 0) AS LastUpdate, COUNT(*) AS Open,
              COALESCE(SUM(CASE sla_colour WHEN 'yellow' THEN 1 WHEN 'red' THEN 2 WHEN 'black' THEN 3 ELSE 0 END), 0) AS Colours,
              COALESCE(SUM(CASE WHEN sla_breached THEN 1 ELSE 0 END), 0) AS Breached
            FROM sd_tickets WHERE state_category IN ('new', 'open', 'waiting')
            """, cancellationToken: ct));
    }

    private sealed record Fingerprint
    {
        public long LastUpdate { get; init; }
        public long Open { get; init; }
        public long Colours { get; init; }
        public long Breached { get; init; }
    }

    /// <summary>One stream's notices; disposing it leaves the list.</summary>
    internal sealed class Subscription(BoardChanges owner, Channel<long> channel) : IDisposable
    {
        public ChannelReader<long> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
