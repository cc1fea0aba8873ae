using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>
/// Measures the local clock against an NTP server: one or more SNTP exchanges, the one with the
/// smallest delay kept (its offset is the least disturbed by asymmetric network paths).
/// Samples: ntp_offset_seconds (server minus local), ntp_delay_seconds, ntp_stratum,
/// ntp_root_distance_seconds, ntp_leap, ntp_reference_info{ref_id}.
/// </summary>
internal sealed class NtpProbe(TimeProvider time)
{
    public const int MaxQueries = 8;

    private readonly NtpClient _client = new(time);

    public async Task<NtpMeasurement> CollectAsync(NtpProbeOptions options, SampleBatch batch, CancellationToken cancellationToken)
    {
        var measurement = await MeasureAsync(options, cancellationToken);
        batch.Add("ntp_offset_seconds", measurement.OffsetSeconds);
        batch.Add("ntp_delay_seconds", measurement.DelaySeconds);
        batch.Add("ntp_stratum", measurement.Stratum);
        batch.Add("ntp_root_distance_seconds", measurement.RootDistanceSeconds);
        batch.Add("ntp_leap", (int)measurement.Leap);
        batch.Add("ntp_reference_info", 1, new Label("ref_id", measurement.ReferenceId));
        return measurement;
    }

    public async Task<NtpMeasurement> MeasureAsync(NtpProbeOptions options, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(options, cancellationToken);
        var queries = Math.Clamp(options.Queries, 1, MaxQueries);
        NtpMeasurement? best = null;
        CollectionFailure? lastFailure = null;
        for (var i = 0; i < queries; i++)
        {
            if (i > 0 && options.QueryInterval > TimeSpan.Zero)
            {
                await Task.Delay(options.QueryInterval, time, cancellationToken);
            }

            try
            {
                var measurement = await _client.QueryAsync(server, options.Timeout, cancellationToken);
                if (best is null || measurement.DelaySeconds < best.DelaySeconds)
                {
                    best = measurement;
                }
            }
            catch (CollectionFailure failure) when (failure.Code is NtpErrors.Timeout or NtpErrors.Malformed or NtpErrors.OriginMismatch)
            {
                // A lost datagram is normal for UDP; another exchange may still get through.
                // A kiss code or an unsynchronised server is an answer, and ends the collection.
                lastFailure = failure;
            }
        }

        return best ?? throw lastFailure!;
    }

    private static async Task<IPEndPoint> ResolveAsync(NtpProbeOptions options, CancellationToken cancellationToken)
    {
        if (options.Port is < 1 or > 65535)
        {
            throw new CollectionFailure(NtpErrors.Unreachable, ("reason", $"invalid port {options.Port}"));
        }

        if (IPAddress.TryParse(options.Host, out var address))
        {
            return new IPEndPoint(address, options.Port);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(options.Host, deadline.Token);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null
                ? throw new CollectionFailure(NtpErrors.Unreachable, ("reason", $"{options.Host} has no address"))
                : new IPEndPoint(chosen, options.Port);
        }
        catch (SocketException e)
        {
            throw new CollectionFailure(NtpErrors.Unreachable, ("reason", $"cannot resolve {options.Host}: {e.Message}"));
        }
        catch (ArgumentException e)
        {
            throw new CollectionFailure(NtpErrors.Unreachable, ("reason", $"invalid host name {options.Host}: {e.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CollectionFailure(NtpErrors.Unreachable, ("reason", $"resolving {options.Host} took longer than {options.Timeout.TotalSeconds:0.#} s"));
        }
    }
}
