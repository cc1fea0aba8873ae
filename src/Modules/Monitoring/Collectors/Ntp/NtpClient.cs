using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>
/// One SNTP exchange (RFC 4330 / RFC 5905 client mode) with a server over UDP. The local clock
/// is <see cref="TimeProvider.GetUtcNow"/> of the given provider, so a shifted provider shows up
/// as an offset of the same size with the opposite sign.
/// </summary>
internal sealed class NtpClient(TimeProvider time)
{
    private const int ReceiveBufferBytes = 2048;

    /// <summary>Sends one request and waits for its reply; fails with a <see cref="CollectionFailure"/> of <see cref="NtpErrors"/>.</summary>
    public async Task<NtpMeasurement> QueryAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        // The transmit timestamp is a random nonce rather than our clock: the server copies it
        // into the origin field, so a reply that does not carry it back is not ours, and a blind
        // spoofer has to guess 64 bits. T1 is kept locally.
        var nonce = RandomNonce();
        string? lastProblem = null;
        var lastProblemIsOrigin = false;
        try
        {
            await socket.ConnectAsync(server, linked.Token);
            var t1 = NtpTimestamp.FromDateTimeOffset(time.GetUtcNow());
            var sentAt = time.GetTimestamp();
            await socket.SendAsync(NtpPacket.ClientRequest(nonce), SocketFlags.None, linked.Token);

            var buffer = new byte[ReceiveBufferBytes];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
                // T4 is T1 plus the monotonic round trip, so a clock step during the exchange cannot skew the delay.
                var t4 = Later(t1, time.GetElapsedTime(sentAt));
                var packet = NtpPacket.TryParse(buffer.AsSpan(0, received), out var problem);
                if (packet is null)
                {
                    (lastProblem, lastProblemIsOrigin) = (problem, false);
                    continue;
                }

                if (packet.Mode != NtpPacket.ServerMode)
                {
                    (lastProblem, lastProblemIsOrigin) = ($"mode {packet.Mode} instead of 4 (server)", false);
                    continue;
                }

                if (packet.OriginTime != nonce)
                {
                    (lastProblem, lastProblemIsOrigin) = ("origin timestamp does not match the request", true);
                    continue;
                }

                return Measure(packet, t1, t4);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (lastProblemIsOrigin)
            {
                throw new CollectionFailure(NtpErrors.OriginMismatch, ("reason", lastProblem!));
            }

            if (lastProblem is not null)
            {
                throw new CollectionFailure(NtpErrors.Malformed, ("reason", lastProblem));
            }

            throw new CollectionFailure(NtpErrors.Timeout,
                ("timeout", timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
                ("port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (SocketException e)
        {
            // On a connected UDP socket an ICMP "port unreachable" comes back as ConnectionRefused.
            var reason = e.SocketErrorCode == SocketError.ConnectionRefused
                ? $"nothing listens on UDP port {server.Port} (ICMP port unreachable)"
                : e.SocketErrorCode == SocketError.MessageSize ? null : e.Message;
            if (reason is null)
            {
                throw new CollectionFailure(NtpErrors.Malformed, ("reason", $"a datagram larger than {ReceiveBufferBytes} bytes"));
            }

            throw new CollectionFailure(NtpErrors.Unreachable, ("reason", reason));
        }
    }

    private static NtpTimestamp Later(NtpTimestamp start, TimeSpan elapsed) =>
        new(unchecked(start.Value + (ulong)(elapsed.Ticks * 4294967296.0 / TimeSpan.TicksPerSecond)));

    private static NtpMeasurement Measure(NtpPacket reply, NtpTimestamp t1, NtpTimestamp t4)
    {
        if (reply.Stratum == 0)
        {
            var code = NtpPacket.AsciiCode(reply.ReferenceId);
            throw new CollectionFailure(NtpErrors.KissOfDeath, ("code", code.Length == 0 ? "?" : code));
        }

        if (reply.Leap == NtpLeapIndicator.Unsynchronised)
        {
            throw new CollectionFailure(NtpErrors.Unsynchronised, ("reason", "leap indicator 3"));
        }

        if (reply.Stratum >= 16)
        {
            throw new CollectionFailure(NtpErrors.Unsynchronised, ("reason", $"stratum {reply.Stratum}"));
        }

        if (reply.TransmitTime.IsZero || reply.ReceiveTime.IsZero)
        {
            throw new CollectionFailure(NtpErrors.Malformed, ("reason", "receive or transmit timestamp is zero"));
        }

        var t2 = reply.ReceiveTime;
        var t3 = reply.TransmitTime;
        var offset = (NtpTimestamp.SecondsBetween(t2, t1) + NtpTimestamp.SecondsBetween(t3, t4)) / 2;
        var delay = NtpTimestamp.SecondsBetween(t4, t1) - NtpTimestamp.SecondsBetween(t3, t2);

        // A server whose own processing time exceeds our round trip has a broken clock or lies;
        // a negative delay would make the root distance look better than it is.
        return new NtpMeasurement(offset, Math.Max(delay, 0), reply.Stratum, reply.Leap, reply.ReferenceIdText,
            reply.RootDelaySeconds, reply.RootDispersionSeconds);
    }

    private static NtpTimestamp RandomNonce()
    {
        Span<byte> bytes = stackalloc byte[8];
        do
        {
            RandomNumberGenerator.Fill(bytes);
        }
        while (bytes.IndexOfAnyExcept((byte)0) < 0);

        return NtpTimestamp.Read(bytes);
    }
}
