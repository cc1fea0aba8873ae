using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Turns a probe's host (literal address or name) into one address, under the probe's deadline.</summary>
internal static class ProbeHostResolver
{
    public static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new CollectionFailure(ProbeErrors.DnsFailed, ("host", host), ("reason", e.SocketErrorCode.ToString()));
        }
        catch (ArgumentException e)
        {
            throw new CollectionFailure(ProbeErrors.DnsFailed, ("host", host), ("reason", e.Message));
        }
        // Prefer IPv4: hospital networks are mostly IPv4-only, a stray AAAA would make the probe fail.
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new CollectionFailure(ProbeErrors.DnsFailed, ("host", host), ("reason", "no address"));
    }
}
