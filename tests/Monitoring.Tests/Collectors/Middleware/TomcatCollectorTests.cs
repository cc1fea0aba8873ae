using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Middleware;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Tests.Collectors.Middleware;

public sealed class TomcatCollectorTests
{
    private static readonly Label Http = new("connector", "http-nio-8080");
    private static readonly Label Ajp = new("connector", "ajp-nio-127.0.0.1-8009");

    public TomcatCollectorTests() => MiddlewareErrors.Register();

    private static TomcatCollector Collector(LocalKestrel server, string password = MiddlewareFixtureServer.Password, double timeoutSeconds = 10) =>
        new(new MiddlewareEndpoint(server.BaseUrl, MiddlewareFixtureServer.User, password, TimeSpan.FromSeconds(timeoutSeconds)));

    private static double? Value(SampleBatch batch, string metric, params Label[] labels) =>
        batch.Samples.Where(s => s.Metric == metric && labels.All(l => s.Labels.Contains(l))).Select(s => (double?)s.Value).SingleOrDefault();

    private static Task<LocalKestrel> Serving(string xml) =>
        MiddlewareFixtureServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(xml);
            return true;
        });

    [Fact]
    public async Task CollectAsync_Status_ReportsJvmMemory()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server);

        var batch = await collector.CollectAsync(CancellationToken.None);

        Value(batch, "tomcat_jvm_memory_free_bytes").ShouldBe(187304840);
        Value(batch, "tomcat_jvm_memory_total_bytes").ShouldBe(536870912);
        Value(batch, "tomcat_jvm_memory_max_bytes").ShouldBe(1073741824);
    }

    [Fact]
    public async Task CollectAsync_TwoConnectors_ReportsThreadsAndRequestsPerConnector()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server);

        var batch = await collector.CollectAsync(CancellationToken.None);

        Value(batch, "tomcat_threads_max", Http).ShouldBe(200);
        Value(batch, "tomcat_threads_current", Http).ShouldBe(25);
        Value(batch, "tomcat_threads_busy", Http).ShouldBe(3);
        Value(batch, "tomcat_requests_total", Http).ShouldBe(184233);
        Value(batch, "tomcat_request_errors_total", Http).ShouldBe(127);
        Value(batch, "tomcat_request_processing_seconds_total", Http)!.Value.ShouldBe(2450.123, tolerance: 1e-9);
        Value(batch, "tomcat_request_max_seconds", Http)!.Value.ShouldBe(8.123, tolerance: 1e-9);
        Value(batch, "tomcat_sent_bytes_total", Http).ShouldBe(2147483648);
        Value(batch, "tomcat_received_bytes_total", Http).ShouldBe(10485760);
        Value(batch, "tomcat_threads_max", Ajp).ShouldBe(150);
        Value(batch, "tomcat_threads_busy", Ajp).ShouldBe(0);
        Value(batch, "tomcat_request_errors_total", Ajp).ShouldBe(4);
    }

    [Fact]
    public async Task CollectAsync_WrongPassword_IsAuthFailed()
    {
        await using var server = await MiddlewareFixtureServer.StartAsync();
        using var collector = Collector(server, password: "tomcat");

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.auth_failed");
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><status><jvm><memory free='1'")]
    [InlineData("<html><body>403 Access Denied</body></html>")]
    [InlineData("<status><connector><threadInfo maxThreads='200'/></connector></status>")]
    [InlineData("<status><connector name='\"http-nio-8080\"'><threadInfo maxThreads='lots'/></connector></status>")]
    [InlineData("not xml at all")]
    public async Task CollectAsync_MalformedXml_IsMalformed(string xml)
    {
        await using var server = await Serving(xml);
        using var collector = Collector(server);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.malformed");
    }

    [Fact]
    public async Task CollectAsync_ExternalEntity_IsRefusedAsMalformed()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE status [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <status><connector name="&secret;"><threadInfo maxThreads="1"/></connector></status>
            """;
        await using var server = await Serving(xxe);
        using var collector = Collector(server);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.malformed");
        failure.Args["reason"].ShouldContain("DTD");
    }

    [Fact]
    public async Task CollectAsync_PeerThatIsNotHttp_IsMalformed()
    {
        using var peer = new HostileTcpPeer(async (stream, ct) =>
        {
            await stream.WriteAsync("220 his-app01 ESMTP Postfix\r\n"u8.ToArray(), ct);
        });
        using var collector = new TomcatCollector(new MiddlewareEndpoint(peer.Url, "u", "p", TimeSpan.FromSeconds(5)));

        var failure = await Should.ThrowAsync<CollectionFailure>(() => collector.CollectAsync(CancellationToken.None));

        failure.Code.ShouldBe("monitoring.middleware.malformed");
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
}
