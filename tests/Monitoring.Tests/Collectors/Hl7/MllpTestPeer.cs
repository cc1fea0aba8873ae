using System.Net;
using System.Net.Sockets;

namespace HospitalOps.Monitoring.Tests.Collectors.Hl7;

/// <summary>
/// A TCP listener on 127.0.0.1 that hands every accepted connection to the test's behaviour
/// (honest responder, or a hostile one). Stops and closes all connections on dispose.
/// </summary>
internal sealed class MllpTestPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MllpTestPeer(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            var connections = new List<Task>();
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    break;
                }

                connections.Add(Task.Run(async () =>
                {
                    using (client)
                    {
                        client.NoDelay = true;
                        try
                        {
                            await behaviour(client.GetStream(), _stop.Token);
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                        {
                            // The probe hung up or the test is over: both are expected endings.
                        }
                    }
                }));
            }

            await Task.WhenAll(connections);
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Reads one MLLP frame the plain way (own code, not the production reader); null if the connection ends first.</summary>
    public static async Task<string?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        var content = new MemoryStream();
        var started = false;
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (!started)
            {
                started = one[0] == 0x0B;
                continue;
            }

            if (one[0] == 0x1C)
            {
                await stream.ReadExactlyAsync(one, cancellationToken);
                return System.Text.Encoding.UTF8.GetString(content.ToArray());
            }

            content.WriteByte(one[0]);
        }

        return null;
    }

    public static byte[] Frame(string message) => [0x0B, .. System.Text.Encoding.UTF8.GetBytes(message), 0x1C, 0x0D];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
