using System.Net;
using System.Net.Sockets;

namespace HospitalOps.Monitoring.Tests.Collectors;

/// <summary>A TCP peer on 127.0.0.1 that answers every connection with whatever the test scripts, then closes.</summary>
internal sealed class HostileTcpPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public HostileTcpPeer(Func<NetworkStream, CancellationToken, Task> answer)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                await answer(client.GetStream(), _stop.Token);
                            }
                            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                            {
                                // the probe hung up, as it should
                            }
                        }
                    });
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // test over
            }
        });
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
