using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collectors.Probes;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

public sealed class TcpProbeTests
{
    public TcpProbeTests() => ProbeErrors.Register();

    [Fact]
    public async Task ProbeAsync_ListeningPort_ReportsConnectTime()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var probe = new TcpProbe(new TcpProbeOptions("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure.ShouldBeNull();
        result.Value("probe_success").ShouldBe(1);
        result.Value("probe_tcp_connect_seconds")!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ProbeAsync_HostName_IsResolvedFirst()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var probe = new TcpProbe(new TcpProbeOptions("localhost", ((IPEndPoint)listener.LocalEndpoint).Port));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Value("probe_success").ShouldBe(1);
    }

    [Fact]
    public async Task ProbeAsync_ClosedPort_IsConnectionRefused()
    {
        var probe = new TcpProbe(new TcpProbeOptions("127.0.0.1", HttpProbeTests.ClosedTcpPort()));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.connection_refused");
        result.Value("probe_success").ShouldBe(0);
        result.Value("probe_tcp_connect_seconds").ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_UnknownHost_IsDnsFailure()
    {
        var probe = new TcpProbe(new TcpProbeOptions("no-such-host.invalid", 80, TimeSpan.FromSeconds(5)));

        var result = await probe.ProbeAsync(CancellationToken.None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_failed");
    }

    [Fact]
    public async Task ProbeAsync_ListenerWithFullBacklog_TimesOut()
    {
        // Linux drops SYNs while a listener's accept queue is full: the handshake never completes,
        // which is what a firewall that silently drops looks like.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    await filler.ConnectAsync(endpoint, quick.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // the queue is full now
                }
            }
            var probe = new TcpProbe(new TcpProbeOptions("127.0.0.1", endpoint.Port, TimeSpan.FromMilliseconds(500)));

            var result = await probe.ProbeAsync(CancellationToken.None);

            result.Failure!.Code.ShouldBe("monitoring.probe.timeout");
            result.Value("probe_success").ShouldBe(0);
        }
        finally
        {
            fillers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var probe = new TcpProbe(new TcpProbeOptions("127.0.0.1", HttpProbeTests.ClosedTcpPort()));

        await Should.ThrowAsync<OperationCanceledException>(() => probe.ProbeAsync(cancelled.Token));
    }
}
