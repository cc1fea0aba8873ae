using System.Diagnostics;
using System.Globalization;
using System.Net.NetworkInformation;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Settings of one ICMP echo target.</summary>
/// <param name="Host">Address or host name.</param>
/// <param name="Count">Echo requests per run.</param>
/// <param name="EchoTimeout">How long to wait for each reply.</param>
internal sealed record IcmpProbeOptions(string Host, int Count = 3, TimeSpan? EchoTimeout = null)
{
    public TimeSpan Timeout => EchoTimeout ?? TimeSpan.FromSeconds(1);
}

/// <summary>
/// Sends <see cref="IcmpProbeOptions.Count"/> ICMP echo requests one after the other and reports
/// loss and round-trip times. Succeeds when at least one reply came back.
/// </summary>
internal sealed class IcmpProbe
{
    private const int MaxCount = 100;
    private static readonly byte[] Payload = "HospitalOps-ICMP-probe-0123456789"u8.ToArray();

    private readonly IcmpProbeOptions _options;

    public IcmpProbe(IcmpProbeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        _options = options;
    }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var samples = new SampleBatch();
        System.Net.IPAddress address;
        try
        {
            using var resolveTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            resolveTimeout.CancelAfter(_options.Timeout);
            address = await ProbeHostResolver.ResolveAsync(_options.Host, resolveTimeout.Token).ConfigureAwait(false);
        }
        catch (CollectionFailure unresolved)
        {
            return ProbeResult.Failed(samples, unresolved);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.DnsFailed, ("host", _options.Host), ("reason", "timeout")));
        }

        var roundTrips = new List<double>(_options.Count);
        var sent = 0;
        string? lastError = null;
        using var ping = new Ping();
        for (var i = 0; i < _options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sent++;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var reply = await ping.SendPingAsync(address, _options.Timeout, Payload, null, cancellationToken).ConfigureAwait(false);
                if (reply.Status == IPStatus.Success)
                {
                    roundTrips.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                }
                else
                {
                    lastError = reply.Status.ToString();
                }
            }
            catch (PingException e)
            {
                lastError = e.InnerException?.Message ?? e.Message;
            }
        }

        samples.Add("probe_icmp_packets_sent", sent);
        samples.Add("probe_icmp_packets_received", roundTrips.Count);
        samples.Add("probe_icmp_loss_ratio", (sent - roundTrips.Count) / (double)sent);
        if (roundTrips.Count > 0)
        {
            samples.Add("probe_icmp_rtt_seconds", roundTrips.Min(), new Label("stat", "min"));
            samples.Add("probe_icmp_rtt_seconds", roundTrips.Average(), new Label("stat", "avg"));
            samples.Add("probe_icmp_rtt_seconds", roundTrips.Max(), new Label("stat", "max"));
            return ProbeResult.Success(samples);
        }
        var failure = lastError is null or nameof(IPStatus.TimedOut)
            ? new CollectionFailure(ProbeErrors.NoReply, ("target", _options.Host), ("sent", sent.ToString(CultureInfo.InvariantCulture)))
            : new CollectionFailure(ProbeErrors.NetworkError, ("target", _options.Host), ("reason", lastError));
        return ProbeResult.Failed(samples, failure);
    }
}
