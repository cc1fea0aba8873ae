using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Settings of one TCP connect target.</summary>
internal sealed record TcpProbeOptions(string Host, int Port, TimeSpan? ConnectTimeout = null)
{
    public TimeSpan Timeout => ConnectTimeout ?? TimeSpan.FromSeconds(5);
}

/// <summary>Opens (and at once closes) one TCP connection and reports how long the handshake took.</summary>
internal sealed class TcpProbe
{
    private readonly TcpProbeOptions _options;

    public TcpProbe(TcpProbeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        _options = options;
    }

    private string Target => _options.Host + ":" + _options.Port.ToString(CultureInfo.InvariantCulture);

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var samples = new SampleBatch();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var address = await ProbeHostResolver.ResolveAsync(_options.Host, deadline.Token).ConfigureAwait(false);
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address, _options.Port, deadline.Token).ConfigureAwait(false);
            samples.Add("probe_tcp_connect_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
            return ProbeResult.Success(samples);
        }
        catch (CollectionFailure failure)
        {
            return ProbeResult.Failed(samples, failure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.Timeout,
                ("target", Target), ("timeout", ProbeErrors.Seconds(_options.Timeout))));
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(samples, FromSocketError(Target, e));
        }
    }

    internal static CollectionFailure FromSocketError(string target, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new CollectionFailure(ProbeErrors.ConnectionRefused, ("target", target)),
        SocketError.TimedOut => new CollectionFailure(ProbeErrors.Timeout, ("target", target), ("timeout", "OS limit")),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
            new CollectionFailure(ProbeErrors.DnsFailed, ("host", target), ("reason", e.SocketErrorCode.ToString())),
        _ => new CollectionFailure(ProbeErrors.NetworkError, ("target", target), ("reason", e.SocketErrorCode.ToString())),
    };
}
