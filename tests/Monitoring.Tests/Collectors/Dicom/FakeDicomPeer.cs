using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

/// <summary>An in-test DICOM "node" on 127.0.0.1 that serves one connection with a scripted behaviour.</summary>
internal sealed class FakeDicomPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeDicomPeer(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await behaviour(client.GetStream(), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client hung up, or the test is over.
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public DicomEchoRequest Request(TimeSpan? timeout = null) =>
        new("127.0.0.1", Port, "FAKEPACS", timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }

    public static async Task<(byte Type, byte[] Body)> ReadPduAsync(Stream stream, CancellationToken token)
    {
        var header = new byte[6];
        await stream.ReadExactlyAsync(header, token);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body, token);
        return (header[0], body);
    }

    /// <summary>An A-ASSOCIATE-AC for our presentation context 1 with the given result.</summary>
    public static byte[] AssociateAccept(byte presentationContextResult = 0)
    {
        var items = new MemoryStream();
        Item(items, 0x10, Encoding.ASCII.GetBytes(DicomUids.ApplicationContext));
        var pc = new MemoryStream();
        pc.Write([1, 0, presentationContextResult, 0]);
        Item(pc, 0x40, Encoding.ASCII.GetBytes(DicomUids.ImplicitVrLittleEndian));
        Item(items, 0x21, pc.ToArray());
        var user = new MemoryStream();
        Item(user, 0x51, [0, 0, 0x40, 0]);
        Item(user, 0x52, Encoding.ASCII.GetBytes("1.2.3.4"));
        Item(user, 0x55, Encoding.ASCII.GetBytes("FAKEPEER"));
        Item(items, 0x50, user.ToArray());
        var body = new MemoryStream();
        body.Write([0, 1, 0, 0]);
        body.Write(Encoding.ASCII.GetBytes("FAKEPACS        "));
        body.Write(Encoding.ASCII.GetBytes("HOSPITALOPS     "));
        body.Write(new byte[32]);
        items.WriteTo(body);
        return Pdu(0x02, body.ToArray());
    }

    /// <summary>A C-ECHO-RSP command set (implicit VR little endian) for message 1.</summary>
    public static byte[] EchoResponseCommand(ushort status, ushort respondedTo = 1)
    {
        var elements = new MemoryStream();
        Element(elements, 0x0002, [.. Encoding.ASCII.GetBytes(DicomUids.VerificationSopClass), 0]);
        Element(elements, 0x0100, U16(0x8030));
        Element(elements, 0x0120, U16(respondedTo));
        Element(elements, 0x0800, U16(0x0101));
        Element(elements, 0x0900, U16(status));
        var command = new MemoryStream();
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)elements.Length);
        Element(command, 0x0000, length);
        elements.WriteTo(command);
        return command.ToArray();
    }

    /// <summary>A P-DATA-TF with one command PDV per fragment; only the final one of a finished command is flagged "last".</summary>
    public static byte[] CommandPData(byte[] fragment, bool endsCommand = true) => CommandPData(endsCommand, [fragment]);

    public static byte[] CommandPData(bool endsCommand, params byte[][] fragments)
    {
        var body = new MemoryStream();
        for (var i = 0; i < fragments.Length; i++)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)(fragments[i].Length + 2));
            body.Write(length);
            body.Write([1, (byte)(endsCommand && i == fragments.Length - 1 ? 0x03 : 0x01)]);
            body.Write(fragments[i]);
        }

        return Pdu(0x04, body.ToArray());
    }

    public static byte[] Pdu(byte type, byte[] body)
    {
        var pdu = new byte[6 + body.Length];
        pdu[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.CopyTo(pdu, 6);
        return pdu;
    }

    /// <summary>Writes one byte at a time, flushing each, so the client sees the worst fragmentation TCP can produce.</summary>
    public static async Task WriteByteByByteAsync(Stream stream, byte[] data, CancellationToken token)
    {
        for (var i = 0; i < data.Length; i++)
        {
            await stream.WriteAsync(data.AsMemory(i, 1), token);
            await stream.FlushAsync(token);
        }
    }

    private static void Item(MemoryStream target, byte type, byte[] value)
    {
        target.Write([type, 0, (byte)(value.Length >> 8), (byte)value.Length]);
        target.Write(value);
    }

    private static void Element(MemoryStream target, ushort element, byte[] value)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)value.Length);
        target.Write(header);
        target.Write(value);
    }

    private static byte[] U16(ushort value) => [(byte)value, (byte)(value >> 8)];
}
