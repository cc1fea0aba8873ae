using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Settings of one DNS check: ask <see cref="Server"/> for <see cref="Name"/>.</summary>
internal sealed record DnsProbeOptions(
    IPEndPoint Server,
    string Name,
    DnsRecordType Type = DnsRecordType.A,
    TimeSpan? QueryTimeout = null,
    IPAddress? ExpectedAddress = null)
{
    public TimeSpan Timeout => QueryTimeout ?? TimeSpan.FromSeconds(2);
}

/// <summary>
/// Sends one recursive A or AAAA query over UDP to a configured server (not the system
/// resolver: the point is to watch that server) and checks the answer. Datagrams with another
/// id, or that are not a response to this question, are ignored as possible spoofs; the probe
/// then keeps waiting until its deadline. A truncated answer is reported, not retried over TCP.
/// </summary>
internal sealed class DnsProbe
{
    private const int MaxDatagram = 65535;

    private readonly DnsProbeOptions _options;
    private readonly string _asciiName;

    public DnsProbe(DnsProbeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        _ = DnsMessage.BuildQuery(0, options.Name, options.Type); // rejects invalid names at configuration time
        _options = options;
        _asciiName = new IdnMapping().GetAscii(options.Name.TrimEnd('.'));
    }

    private string Server => _options.Server.ToString();

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var samples = new SampleBatch();
        var id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
        var query = DnsMessage.BuildQuery(id, _options.Name, _options.Type);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var ignored = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var socket = new Socket(_options.Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            // Connected: the kernel drops datagrams from other addresses and reports ICMP port unreachable.
            await socket.ConnectAsync(_options.Server, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var buffer = new byte[MaxDatagram];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                var datagram = buffer.AsMemory(0, received);
                if (DnsMessage.PeekId(datagram.Span) != id)
                {
                    ignored++;
                    continue;
                }
                DnsResponse response;
                try
                {
                    response = DnsMessage.Parse(datagram.Span);
                }
                catch (DnsFormatException e)
                {
                    return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.DnsMalformed, ("server", Server), ("reason", e.Message)));
                }
                if (!IsAnswerToOurQuestion(response))
                {
                    ignored++;
                    continue;
                }
                samples.Add("probe_dns_lookup_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
                return Evaluate(samples, response);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = ignored > 0
                ? new CollectionFailure(ProbeErrors.DnsMalformed, ("server", Server),
                    ("reason", $"{ignored} datagram(s) that do not answer the query (wrong id or question), none that does"))
                : new CollectionFailure(ProbeErrors.Timeout, ("target", Server), ("timeout", ProbeErrors.Seconds(_options.Timeout)));
            return ProbeResult.Failed(samples, failure);
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(samples, TcpProbe.FromSocketError(Server, e));
        }
    }

    private bool IsAnswerToOurQuestion(DnsResponse response) =>
        response.IsResponse
        && response.Opcode == 0
        && (response.QuestionName is null // some servers drop the question from FORMERR/REFUSED answers
            || (string.Equals(response.QuestionName, _asciiName, StringComparison.OrdinalIgnoreCase)
                && response.QuestionType == (ushort)_options.Type));

    private ProbeResult Evaluate(SampleBatch samples, DnsResponse response)
    {
        var addresses = response.Addresses
            .Where(a => a.AddressFamily == (_options.Type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6))
            .ToList();
        samples.Add("probe_dns_rcode", response.ResponseCode);
        samples.Add("probe_dns_answer_count", response.AnswerCount);
        samples.Add("probe_dns_truncated", response.Truncated);
        if (response.ResponseCode != 0)
        {
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.DnsRcode,
                ("server", Server), ("name", _options.Name), ("rcode", DnsMessage.ResponseCodeName(response.ResponseCode))));
        }
        if (addresses.Count == 0)
        {
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.DnsNoAnswer,
                ("server", Server), ("name", _options.Name), ("type", _options.Type.ToString().ToUpperInvariant())));
        }
        if (_options.ExpectedAddress is { } expected && !addresses.Contains(expected))
        {
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.DnsUnexpectedAddress,
                ("name", _options.Name), ("expected", expected.ToString()),
                ("actual", string.Join(", ", addresses.Select(a => a.ToString())))));
        }
        return ProbeResult.Success(samples);
    }
}
