using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

/// <summary>
/// An in-test UDP peer on 127.0.0.1: each datagram it receives goes to the handler (with the
/// decoded request when it is one), and whatever datagrams the handler returns are sent back.
/// </summary>
internal sealed class TestSnmpAgent : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public TestSnmpAgent(Func<SnmpMessage?, IEnumerable<byte[]>> handler)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult received;
                try
                {
                    received = await _udp.ReceiveAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                SnmpCodec.TryDecode(received.Buffer, out var request, out _);
                foreach (var reply in handler(request))
                {
                    await _udp.SendAsync(reply, received.RemoteEndPoint, _stop.Token);
                }
            }
        });
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// A client for this peer. The default timeout is generous so a busy test machine never causes a
    /// resend (tests count requests); tests that expect no answer pass a short one.
    /// </summary>
    public SnmpClient Client(string community = "public", int retries = 1, int maxWalkVarBinds = 10_000, int maxRepetitions = 10, int timeoutMs = 5_000) =>
        new(new SnmpClientOptions("127.0.0.1", community)
        {
            Port = Port,
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            Retries = retries,
            MaxWalkVarBinds = maxWalkVarBinds,
            MaxRepetitions = maxRepetitions,
        });

    /// <summary>A Response to <paramref name="request"/> (same id and community unless overridden).</summary>
    public static byte[] Answer(SnmpMessage request, IReadOnlyList<SnmpVarBind> varBinds, int? requestId = null, int errorStatus = 0, int errorIndex = 0, byte[]? community = null) =>
        SnmpCodec.Encode(new SnmpMessage(SnmpMessage.VersionV2c, community ?? request.Community,
            new SnmpPdu(SnmpPduType.Response, requestId ?? request.Pdu.RequestId, errorStatus, errorIndex, varBinds)));

    /// <summary>A handler that serves a MIB the way an agent does: GET, GETNEXT and GETBULK in OID order.</summary>
    public static Func<SnmpMessage?, IEnumerable<byte[]>> Serving(IReadOnlyDictionary<string, SnmpValue> mib)
    {
        var sorted = mib.Select(kv => new SnmpVarBind(SnmpOid.Parse(kv.Key), kv.Value)).OrderBy(v => v.Oid).ToList();

        SnmpVarBind Next(SnmpOid after) =>
            sorted.FirstOrDefault(v => v.Oid.CompareTo(after) > 0) ?? new SnmpVarBind(after, SnmpValue.EndOfMibView);

        return request =>
        {
            if (request is null)
            {
                return [];
            }

            var names = request.Pdu.VarBinds.Select(v => v.Oid).ToList();
            List<SnmpVarBind> answer = [];
            switch (request.Pdu.Type)
            {
                case SnmpPduType.GetRequest:
                    answer.AddRange(names.Select(n => sorted.FirstOrDefault(v => v.Oid.Equals(n)) ?? new SnmpVarBind(n, SnmpValue.NoSuchObject)));
                    break;
                case SnmpPduType.GetNextRequest:
                    answer.AddRange(names.Select(Next));
                    break;
                case SnmpPduType.GetBulkRequest:
                    answer.AddRange(names.Take(request.Pdu.NonRepeaters).Select(Next));
                    var cursors = names.Skip(request.Pdu.NonRepeaters).ToList();
                    for (var r = 0; r < request.Pdu.MaxRepetitions && cursors.Count > 0; r++)
                    {
                        for (var c = 0; c < cursors.Count; c++)
                        {
                            var next = Next(cursors[c]);
                            answer.Add(next);
                            cursors[c] = next.Oid;
                        }
                    }

                    break;
            }

            return [Answer(request, answer)];
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _udp.Dispose();
        _stop.Dispose();
    }
}
