using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

/// <summary>
/// An NTP peer on 127.0.0.1 that answers each request with whatever datagrams the test's
/// handler builds (none, garbage, honest or hostile replies). Written from RFC 5905 directly,
/// without the production packet code, so the two check each other.
/// </summary>
internal sealed class FakeNtpServer : IAsyncDisposable
{
    private static readonly DateTimeOffset PrimeEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FakeNtpServer(Func<int, byte[], IEnumerable<byte[]>> handler)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _socket.ReceiveAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                var index = Interlocked.Increment(ref _requests) - 1;
                foreach (var reply in handler(index, request.Buffer))
                {
                    await _socket.SendAsync(reply, request.RemoteEndPoint);
                }
            }
        });
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>An honest server reply to <paramref name="request"/>, from a clock that is <paramref name="serverSkew"/> ahead of the real one.</summary>
    public static byte[] Reply(byte[] request, TimeSpan serverSkew = default, int stratum = 2, int leap = 0, uint referenceId = 0xC0A80A01,
        TimeSpan claimedProcessing = default, bool echoOrigin = true)
    {
        var reply = new byte[48];
        reply[0] = (byte)(leap << 6 | 4 << 3 | 4);
        reply[1] = (byte)stratum;
        reply[2] = 6;
        reply[3] = unchecked((byte)-20);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), 0x0000_2000);   // root delay 1/8 s
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 0x0000_1000);   // root dispersion 1/16 s
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(12), referenceId);
        var now = DateTimeOffset.UtcNow + serverSkew;
        WriteTimestamp(reply.AsSpan(16), now - TimeSpan.FromSeconds(30));
        if (echoOrigin)
        {
            request.AsSpan(40, 8).CopyTo(reply.AsSpan(24));
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(24), BinaryPrimitives.ReadUInt64BigEndian(request.AsSpan(40)) ^ 0x1);
        }

        WriteTimestamp(reply.AsSpan(32), now - claimedProcessing);
        WriteTimestamp(reply.AsSpan(40), now);
        return reply;
    }

    public static byte[] KissOfDeath(byte[] request, string code)
    {
        var reply = Reply(request, stratum: 0, leap: 3);
        var ascii = System.Text.Encoding.ASCII.GetBytes(code.PadRight(4, '\0'));
        ascii.AsSpan(0, 4).CopyTo(reply.AsSpan(12));
        return reply;
    }

    public static uint Ascii(string code) => BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(code.PadRight(4, '\0')));

    private static void WriteTimestamp(Span<byte> into, DateTimeOffset time)
    {
        var sinceEpoch = time - PrimeEpoch;
        var seconds = (ulong)Math.Floor(sinceEpoch.TotalSeconds);
        var fraction = (ulong)((sinceEpoch.Ticks % TimeSpan.TicksPerSecond) * 4294967296.0 / TimeSpan.TicksPerSecond);
        BinaryPrimitives.WriteUInt64BigEndian(into, (seconds & 0xFFFF_FFFF) << 32 | fraction);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
