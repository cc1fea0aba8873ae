using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// An SNMPv2c manager over UDP: GET, GETNEXT, GETBULK and a GETBULK walk of a subtree. Each request
/// uses its own socket connected to the agent, resends on timeout, and accepts only a Response
/// with its request-id and community (stray or garbage datagrams are skipped). Every failure is a
/// <see cref="CollectionFailure"/> with a monitoring.snmp.* code; only the caller's cancellation
/// ends a request otherwise.
/// </summary>
internal sealed class SnmpClient
{
    // The largest UDP payload over IPv4 is 65,507 bytes; one buffer this size holds any datagram.
    private const int ReceiveBufferSize = 65_536;

    private readonly SnmpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _community;

    public SnmpClient(SnmpClientOptions options, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRepetitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWalkVarBinds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWalkBytes, 1);
        _options = options;
        _time = time ?? TimeProvider.System;
        _community = Encoding.UTF8.GetBytes(options.Community);
    }

    public SnmpClientOptions Options => _options;

    /// <summary>GET: one varbind per OID, in order; missing objects come back as noSuchObject / noSuchInstance values.</summary>
    public async Task<IReadOnlyList<SnmpVarBind>> GetAsync(IReadOnlyList<SnmpOid> oids, CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(SnmpPduType.GetRequest, 0, 0, oids, cancellationToken);
        return RequireSameNames(RequireOnePerOid(response, oids), oids);
    }

    /// <summary>GETNEXT: for each OID, the next object in the agent's order (or endOfMibView).</summary>
    public async Task<IReadOnlyList<SnmpVarBind>> GetNextAsync(IReadOnlyList<SnmpOid> oids, CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(SnmpPduType.GetNextRequest, 0, 0, oids, cancellationToken);
        return RequireOnePerOid(response, oids);
    }

    /// <summary>GETBULK (RFC 3416 §4.2.3): the first <paramref name="nonRepeaters"/> OIDs once, the rest up to <paramref name="maxRepetitions"/> times, interleaved.</summary>
    public async Task<IReadOnlyList<SnmpVarBind>> GetBulkAsync(int nonRepeaters, int maxRepetitions, IReadOnlyList<SnmpOid> oids, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonRepeaters);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRepetitions);
        var response = await ExchangeAsync(SnmpPduType.GetBulkRequest, nonRepeaters, maxRepetitions, oids, cancellationToken);
        return response.VarBinds;
    }

    /// <summary>
    /// Every object below <paramref name="subtree"/>, in order, read with GETBULK. Stops at the end of
    /// the subtree, at endOfMibView, or when the agent's OIDs stop increasing (a broken agent would
    /// loop forever); fails with monitoring.snmp.too_many_varbinds past <see cref="SnmpClientOptions.MaxWalkVarBinds"/>
    /// varbinds or <see cref="SnmpClientOptions.MaxWalkBytes"/> bytes.
    /// </summary>
    public async Task<IReadOnlyList<SnmpVarBind>> WalkAsync(SnmpOid subtree, CancellationToken cancellationToken)
    {
        var found = new List<SnmpVarBind>();
        long bytes = 0;
        var cursor = subtree;
        while (true)
        {
            var page = await GetBulkAsync(0, _options.MaxRepetitions, [cursor], cancellationToken);
            if (page.Count == 0)
            {
                return found;
            }

            foreach (var varBind in page)
            {
                if (varBind.Value.Type == SnmpType.EndOfMibView || !varBind.Oid.IsBelow(subtree) || varBind.Oid.CompareTo(cursor) <= 0)
                {
                    return found;
                }

                if (found.Count >= _options.MaxWalkVarBinds)
                {
                    throw TooMany(subtree, _options.MaxWalkVarBinds.ToString(CultureInfo.InvariantCulture));
                }

                // Counted roughly as stored: one datagram per varbind could otherwise fill 10,000 × 64 KB.
                bytes += varBind.Value.Bytes.Length + 4L * varBind.Oid.Length;
                if (bytes > _options.MaxWalkBytes)
                {
                    throw TooMany(subtree, _options.MaxWalkBytes.ToString(CultureInfo.InvariantCulture) + " bytes");
                }

                found.Add(varBind);
                cursor = varBind.Oid;
            }
        }
    }

    private IReadOnlyList<SnmpVarBind> RequireOnePerOid(SnmpPdu response, IReadOnlyList<SnmpOid> oids)
    {
        if (response.VarBinds.Count != oids.Count)
        {
            throw Malformed($"asked for {oids.Count} variables, the answer has {response.VarBinds.Count}");
        }

        return response.VarBinds;
    }

    private IReadOnlyList<SnmpVarBind> RequireSameNames(IReadOnlyList<SnmpVarBind> answer, IReadOnlyList<SnmpOid> oids)
    {
        for (var i = 0; i < oids.Count; i++)
        {
            if (!answer[i].Oid.Equals(oids[i]))
            {
                throw Malformed($"variable {i + 1} was asked as {oids[i]} but answered as {answer[i].Oid}");
            }
        }

        return answer;
    }

    private async Task<SnmpPdu> ExchangeAsync(SnmpPduType type, int field1, int field2, IReadOnlyList<SnmpOid> oids, CancellationToken cancellationToken)
    {
        if (oids.Count == 0)
        {
            throw new ArgumentException("At least one OID is needed.", nameof(oids));
        }

        var endpoint = await ResolveAsync(cancellationToken);
        var requestId = Random.Shared.Next(1, int.MaxValue);
        var request = SnmpCodec.Encode(new SnmpMessage(SnmpMessage.VersionV2c, _community,
            new SnmpPdu(type, requestId, field1, field2, [.. oids.Select(SnmpVarBind.Request)])));

        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[ReceiveBufferSize];
        string? malformed = null;
        SocketException? refused = null;
        try
        {
            // Connected: the kernel drops datagrams from any other address or port.
            await socket.ConnectAsync(endpoint, cancellationToken);
            for (var attempt = 0; attempt <= _options.Retries; attempt++)
            {
                await socket.SendAsync(request, SocketFlags.None, cancellationToken);
                using var attemptTimeout = new CancellationTokenSource(_options.Timeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
                while (true)
                {
                    int received;
                    try
                    {
                        received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                    {
                        // ICMP port unreachable from an earlier send; worth another attempt, the agent may be restarting.
                        refused = e;
                        break;
                    }

                    if (!SnmpCodec.TryDecode(buffer.AsSpan(0, received), out var message, out var error))
                    {
                        malformed = error;
                        continue;
                    }

                    if (message.Pdu.Type != SnmpPduType.Response || message.Pdu.RequestId != requestId
                        || message.Version != SnmpMessage.VersionV2c || !message.Community.AsSpan().SequenceEqual(_community))
                    {
                        continue;
                    }

                    CheckErrorStatus(message.Pdu, oids);
                    return message.Pdu;
                }
            }
        }
        catch (SocketException e)
        {
            throw new CollectionFailure(SnmpErrors.Unreachable, ("target", _options.Target), ("reason", e.Message));
        }

        if (malformed is not null)
        {
            throw Malformed(malformed);
        }

        if (refused is not null)
        {
            throw new CollectionFailure(SnmpErrors.Unreachable, ("target", _options.Target), ("reason", refused.Message));
        }

        throw new CollectionFailure(SnmpErrors.Timeout,
            ("target", _options.Target),
            ("seconds", _options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
            ("attempts", (_options.Retries + 1).ToString(CultureInfo.InvariantCulture)));
    }

    private void CheckErrorStatus(SnmpPdu response, IReadOnlyList<SnmpOid> oids)
    {
        if (response.ErrorStatus == 0)
        {
            return;
        }

        // error-index counts the request's varbinds from 1; 0 means the error is not about one of them.
        var index = response.ErrorIndex;
        var oid = index >= 1 && index <= oids.Count ? oids[index - 1].ToString() : "-";
        throw new CollectionFailure(SnmpErrors.ErrorStatus,
            ("target", _options.Target),
            ("status", SnmpErrorStatus.Name(response.ErrorStatus)),
            ("index", index.ToString(CultureInfo.InvariantCulture)),
            ("oid", oid));
    }

    private async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(_options.Host, out var address))
        {
            return new IPEndPoint(address, _options.Port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(_options.Host, cancellationToken);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is not null
                ? new IPEndPoint(chosen, _options.Port)
                : throw new CollectionFailure(SnmpErrors.Unreachable, ("target", _options.Target), ("reason", "the host name has no address"));
        }
        catch (SocketException e)
        {
            throw new CollectionFailure(SnmpErrors.Unreachable, ("target", _options.Target), ("reason", e.Message));
        }
    }

    private CollectionFailure TooMany(SnmpOid subtree, string limit) =>
        new(SnmpErrors.TooManyVarBinds, ("target", _options.Target), ("oid", subtree.ToString()), ("limit", limit));

    private CollectionFailure Malformed(string reason) =>
        new(SnmpErrors.Malformed, ("target", _options.Target), ("reason", reason));
}
