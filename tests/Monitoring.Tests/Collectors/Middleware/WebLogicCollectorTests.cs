using System.Text;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Middleware;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Tests.Collectors.Middleware;

public sealed class WebLogicCollectorTests
{
    private static readonly Label Server1 = new("server", "HIS_Server1");
    private static readonly Label Server2 = new("server", "HIS_Server2");

    public WebLogicCollectorTests() => MiddlewareErrors.Register();

    private static WebLogicCollector Collector(LocalKestrel server, string password = MiddlewareFixtureServer.Password,
        int maxBytes = MiddlewareEndpoint.DefaultMaxResponseBytes, double timeoutSeconds = 10) =>
        new(new MiddlewareEndpoint(server.BaseUrl, MiddlewareFixtureServer.User, password, TimeSpan.FromSeconds(timeoutSeconds), maxBytes));

    private static double? Value(SampleBatch batch, string metric, params Label[] labels) =>
        batch.Samples.Where(s => s.Metric == metric && labels.All(l => s.Labels.Contains(l))).Select(s => (double?)s.Value).SingleOrDefault();

    [Fact]
    public async Task CollectAsync_TwoServers_ReportsStateSocketsThreadPoolAndHeap()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server);

        var batch = await collector.CollectAsync(CancellationToken.None);

        Value(batch, "weblogic_server_state", Server1, new Label("state", "RUNNING")).ShouldBe(1);
        Value(batch, "weblogic_server_state", Server2, new Label("state", "ADMIN")).ShouldBe(0);
        Value(batch, "weblogic_open_sockets", Server1).ShouldBe(37);
        Value(batch, "weblogic_threadpool_hogging_threads", Server1).ShouldBe(2);
        Value(batch, "weblogic_threadpool_hogging_threads", Server2).ShouldBe(0);
        Value(batch, "weblogic_threadpool_stuck_threads", Server1).ShouldBe(1);
        Value(batch, "weblogic_threadpool_idle_threads", Server1).ShouldBe(7);
        Value(batch, "weblogic_threadpool_total_threads", Server1).ShouldBe(25);
        Value(batch, "weblogic_threadpool_pending_requests", Server1).ShouldBe(3);
        Value(batch, "weblogic_threadpool_completed_requests_total", Server1).ShouldBe(18439221);
        Value(batch, "weblogic_threadpool_queue_length", Server1).ShouldBe(4);
        Value(batch, "weblogic_jvm_heap_free_bytes", Server1).ShouldBe(612368384);
        Value(batch, "weblogic_jvm_heap_size_bytes", Server1).ShouldBe(2147483648);
        Value(batch, "weblogic_jvm_heap_max_bytes", Server2).ShouldBe(4294967296);
    }

    [Fact]
    public async Task CollectAsync_DataSources_ReportsConnectionsAndState()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server);

        var batch = await collector.CollectAsync(CancellationToken.None);

        var his = new Label("datasource", "HISDataSource");
        var emr = new Label("datasource", "EMRDataSource");
        Value(batch, "weblogic_datasource_state", Server1, his, new Label("state", "Running")).ShouldBe(1);
        Value(batch, "weblogic_datasource_state", Server1, emr, new Label("state", "Suspended")).ShouldBe(0);
        Value(batch, "weblogic_datasource_active_connections", Server1, his).ShouldBe(42);
        Value(batch, "weblogic_datasource_active_connections_high", Server1, his).ShouldBe(118);
        Value(batch, "weblogic_datasource_waiting_for_connection", Server1, his).ShouldBe(5);
        Value(batch, "weblogic_datasource_leaked_connections_total", Server1, his).ShouldBe(3);
        batch.Samples.Count(s => s.Metric.StartsWith("weblogic_datasource_", StringComparison.Ordinal) && s.Labels.Contains(Server2)).ShouldBe(0);
    }

    [Fact]
    public async Task CollectAsync_MissingSubResource_IsSkipped()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync(async context =>
        {
            if (!context.Request.Path.Value!.EndsWith("/HIS_Server2/JVMRuntime", StringComparison.Ordinal))
            {
                return false;
            }
            context.Response.StatusCode = 404;
            await Task.CompletedTask;
            return true;
        });
        using var collector = Collector(server);

        var batch = await collector.CollectAsync(CancellationToken.None);

        Value(batch, "weblogic_jvm_heap_free_bytes", Server2).ShouldBeNull();
        Value(batch, "weblogic_jvm_heap_free_bytes", Server1).ShouldBe(612368384);
    }

    [Fact]
    public async Task CollectAsync_WrongPassword_IsAuthFailed()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server, password: "wrong");

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.auth_failed");
        failure.Args["status"].ShouldBe("401");
    }

    [Theory]
    [InlineData("{ \"items\": [ { \"name\": \"HIS_Server1\", ")]
    [InlineData("<html><body>Error 500--Internal Server Error</body></html>")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"items\": [ { \"name\": \"HIS_Server1\", \"openSocketsCurrentCount\": \"many\" } ] }")]
    [InlineData("{ \"items\": [ { \"state\": \"RUNNING\" } ] }")]
    [InlineData("{ \"links\": [] }")]
    public async Task CollectAsync_MalformedJson_IsMalformed(string body)
    {
        await using var server = await MiddlewareFixtureServer.StartAsync(async context =>
        {
            await context.Response.WriteAsync(body);
            return true;
        });
        using var collector = Collector(server);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.malformed");
    }

    [Fact]
    public async Task CollectAsync_EndlessResponse_StopsAtTheCap()
    {
        var chunk = Encoding.ASCII.GetBytes("{\"items\":[" + new string(' ', 8000));
        await using var server = await MiddlewareFixtureServer.StartAsync(async context =>
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
            return true;
        });
        using var collector = Collector(server, maxBytes: 64 * 1024);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.response_too_large");
        failure.Args["limit"].ShouldBe("65536");
    }

    [Fact]
    public async Task CollectAsync_DeclaredLengthOverTheCap_IsRejectedBeforeReading()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 10_000;
            await context.Response.WriteAsync(new string(' ', 10_000));
            return true;
        });
        using var collector = Collector(server, maxBytes: 1000);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.response_too_large");
    }

    [Fact]
    public async Task CollectAsync_ServerThatNeverAnswers_TimesOut()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync(async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        });
        using var collector = Collector(server, timeoutSeconds: 0.5);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.timeout");
    }

    [Fact]
    public async Task CollectAsync_CallerCancels_ThrowsCancellationNotTimeout()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => collector.CollectAsync(cancelled.Token));
    }

    [Fact]
    public async Task CollectAsync_NothingListening_IsUnreachable()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var collector = new WebLogicCollector(new MiddlewareEndpoint(new Uri($"http://127.0.0.1:{port}/"), "u", "p", TimeSpan.FromSeconds(5)));

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.unreachable");
    }

    [Fact]
    public async Task CollectAsync_ServerError_IsHttpStatus()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return Task.FromResult(true);
        });
        using var collector = Collector(server);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.http_status");
        failure.Args["status"].ShouldBe("500");
    }
}
