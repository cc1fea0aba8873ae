using System.Net;
using System.Net.Sockets;
using System.Text;
using HospitalOps.Monitoring.Collectors.Probes;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

public sealed class HttpProbeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<LocalKestrel> StartAsync(RequestDelegate handler, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        ProbeErrors.Register();
        return LocalKestrel.StartAsync(handler, certificate);
    }

    private static Task Page(HttpContext context) => context.Request.Path.Value switch
    {
        "/health" => context.Response.WriteAsync("status: UP, database: UP"),
        "/secured" => context.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nurse:Ward#7"))
            ? context.Response.WriteAsync("welcome")
            : Status(context, 401),
        "/moved" => Redirect(context, "/health"),
        "/broken" => Status(context, 503),
        _ => Status(context, 404),
    };

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(HttpContext context, string to)
    {
        context.Response.Redirect(to);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ProbeAsync_HealthyPage_ReportsStatusSizeAndSuccess()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure.ShouldBeNull();
        result.Value("probe_success").ShouldBe(1);
        result.Value("probe_http_status_code").ShouldBe(200);
        result.Value("probe_http_content_length_bytes").ShouldBe("status: UP, database: UP".Length);
        result.Value("probe_http_duration_seconds")!.Value.ShouldBeGreaterThan(0);
        result.Value("probe_http_body_truncated").ShouldBe(0);
        result.Value("probe_tls_certificate_days_left").ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_UnexpectedStatus_FailsWithStatusAndExpectation()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "broken") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_success").ShouldBe(0);
        result.Value("probe_http_status_code").ShouldBe(503);
        result.Failure!.Code.ShouldBe("monitoring.probe.http_status");
        result.Failure.Args["status"].ShouldBe("503");
        result.Failure.Args["expected"].ShouldBe("2xx");
    }

    [Fact]
    public async Task ProbeAsync_StatusListedAsExpected_Succeeds()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "broken"), ExpectedStatusCodes = [503] }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_success").ShouldBe(1);
    }

    [Fact]
    public async Task ProbeAsync_RedirectWithoutFollowing_IsAStatusMismatch()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "moved") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_http_status_code").ShouldBe(302);
        result.Failure!.Code.ShouldBe("monitoring.probe.http_status");
    }

    [Fact]
    public async Task ProbeAsync_RedirectWithinCap_FollowsToTheTarget()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri(server.BaseUrl, "moved"),
            MaxRedirects = 2,
            BodyPattern = "database: UP",
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_http_status_code").ShouldBe(200);
        result.Value("probe_http_body_match").ShouldBe(1);
        result.Failure.ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_BasicAuth_IsSent()
    {
        await using var server = await StartAsync(Page);
        using var withAuth = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri(server.BaseUrl, "secured"), BasicAuthUser = "nurse", BasicAuthPassword = "Ward#7",
        }, TimeProvider.System);
        using var withoutAuth = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "secured") }, TimeProvider.System);

        (await withAuth.ProbeAsync(None)).Value("probe_http_status_code").ShouldBe(200);
        (await withoutAuth.ProbeAsync(None)).Value("probe_http_status_code").ShouldBe(401);
    }

    [Fact]
    public async Task ProbeAsync_BodyWithoutPattern_FailsAsBodyMismatch()
    {
        await using var server = await StartAsync(Page);
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri(server.BaseUrl, "health"), BodyPattern = "database: DOWN|^$",
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_http_body_match").ShouldBe(0);
        result.Value("probe_success").ShouldBe(0);
        result.Failure!.Code.ShouldBe("monitoring.probe.body_mismatch");
        result.Failure.Args["reason"].ShouldBe("pattern not found");
    }

    [Fact]
    public async Task ProbeAsync_GbkEncodedPage_IsDecodedBeforeMatching()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var page = Encoding.GetEncoding("GBK").GetBytes("<html><body>门诊挂号系统 运行正常</body></html>");
        await using var server = await StartAsync(async context =>
        {
            context.Response.ContentType = "text/html; charset=GBK";
            await context.Response.Body.WriteAsync(page);
        });
        using var probe = new HttpProbe(new HttpProbeOptions { Url = server.BaseUrl, BodyPattern = "门诊挂号.*正常" }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_http_body_match").ShouldBe(1);
        result.Failure.ShouldBeNull();
    }

    [Fact]
    public async Task ProbeAsync_CatastrophicPattern_IsCutOffByTheMatchTimeout()
    {
        await using var server = await StartAsync(context => context.Response.WriteAsync(new string('a', 5000) + "!"));
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = server.BaseUrl, BodyPattern = "^(a+)+$", BodyPatternTimeout = TimeSpan.FromMilliseconds(50),
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.body_mismatch");
        result.Failure.Args["reason"].ShouldStartWith("the pattern took longer than");
    }

    [Fact]
    public async Task ProbeAsync_EndlessBody_ReadsOnlyUpToTheCapAndSaysSo()
    {
        var chunk = Encoding.ASCII.GetBytes(new string('x', 8192));
        await using var server = await StartAsync(async context =>
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = server.BaseUrl, MaxBodyBytes = 100_000, BodyPattern = "END-OF-REPORT",
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Value("probe_http_body_truncated").ShouldBe(1);
        result.Value("probe_http_content_length_bytes").ShouldBe(100_000);
        result.Failure!.Code.ShouldBe("monitoring.probe.body_mismatch");
        result.Failure.Args["reason"].ShouldContain("truncated");
    }

    [Fact]
    public async Task ProbeAsync_ServerThatNeverAnswers_TimesOut()
    {
        ProbeErrors.Register();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () => held.Add(await listener.AcceptTcpClientAsync()));
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMilliseconds(500),
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.timeout");
        result.Failure.Args["timeout"].ShouldBe("0.5 s");
        result.Value("probe_success").ShouldBe(0);
        await accepting;
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_IsConnectionRefused()
    {
        ProbeErrors.Register();
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri($"http://127.0.0.1:{ClosedTcpPort()}/") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.connection_refused");
    }

    [Fact]
    public async Task ProbeAsync_UnknownHost_IsDnsFailure()
    {
        ProbeErrors.Register();
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri("http://no-such-host.invalid/"), Timeout = TimeSpan.FromSeconds(5),
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.dns_failed");
    }

    [Fact]
    public async Task ProbeAsync_HttpsWithPinnedSelfSignedCertificate_ReportsDaysLeft()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(10));
        await using var server = await StartAsync(Page, certificate);
        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri(server.BaseUrl, "health"), PinnedCertificate = certificate,
        }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure.ShouldBeNull();
        server.BaseUrl.Scheme.ShouldBe("https");
        result.Value("probe_tls_certificate_days_left")!.Value.ShouldBe(10, tolerance: 0.01);
        result.Value("probe_tls_certificate_expiry_seconds")!.Value.ShouldBe(10 * 86400, tolerance: 900);
        result.Value("probe_success").ShouldBe(1);
    }

    [Fact]
    public async Task ProbeAsync_HttpsWithSkipVerification_AcceptsAndStillReportsExpiry()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(30));
        await using var server = await StartAsync(Page, certificate);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health"), SkipTlsVerification = true }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure.ShouldBeNull();
        result.Value("probe_tls_certificate_days_left")!.Value.ShouldBe(30, tolerance: 0.01);
    }

    [Fact]
    public async Task ProbeAsync_UntrustedSelfSignedCertificate_IsTlsErrorUntrusted()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(10));
        await using var server = await StartAsync(Page, certificate);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.tls_error");
        result.Failure.Args["reason"].ShouldStartWith("untrusted certificate");
        result.Value("probe_success").ShouldBe(0);
    }

    [Fact]
    public async Task ProbeAsync_ExpiredPinnedCertificate_IsTlsErrorExpiredWithNegativeDaysLeft()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.SelfSigned(now.AddDays(-30), now.AddDays(-2));
        await using var server = await StartAsync(Page, certificate);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health"), PinnedCertificate = certificate }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.tls_error");
        result.Failure.Args["reason"].ShouldStartWith("certificate expired on");
        result.Value("probe_tls_certificate_days_left")!.Value.ShouldBe(-2, tolerance: 0.01);
    }

    [Fact]
    public async Task ProbeAsync_CertificateForAnotherPinnedName_IsTlsErrorPinMismatch()
    {
        var now = DateTimeOffset.UtcNow;
        using var served = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(10));
        using var pinned = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(10));
        await using var server = await StartAsync(Page, served);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health"), PinnedCertificate = pinned }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.tls_error");
        result.Failure.Args["reason"].ShouldBe("certificate differs from the pinned one");
    }

    [Fact]
    public async Task ProbeAsync_NameMismatchOnTrustedChain_IsTlsErrorNameMismatch()
    {
        // A certificate for another name, served on 127.0.0.1: without pinning the system reports
        // the name mismatch along with the untrusted chain; the name is the more useful reason.
        var now = DateTimeOffset.UtcNow;
        using var certificate = TestCertificates.SelfSigned(now.AddDays(-1), now.AddDays(10), "emr.hospital.test");
        await using var server = await StartAsync(Page, certificate);
        using var probe = new HttpProbe(new HttpProbeOptions { Url = new Uri(server.BaseUrl, "health") }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.tls_error");
        result.Failure.Args["reason"].ShouldStartWith("name mismatch");
    }

    [Fact]
    public async Task ProbeAsync_PeerAnsweringGarbage_IsNetworkError()
    {
        ProbeErrors.Register();
        using var peer = new HostileTcpPeer(async (stream, ct) =>
        {
            await stream.WriteAsync("\u0016\u0003\u0001 SSH-2.0-OpenSSH_8.0 garbage\r\n\r\n"u8.ToArray(), ct);
        });
        using var probe = new HttpProbe(new HttpProbeOptions { Url = peer.Url, Timeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.network_error");
        result.Failure.Args["reason"].ShouldStartWith("InvalidResponse");
    }

    [Fact]
    public async Task ProbeAsync_EndlessHeader_IsStoppedByTheHeaderLimit()
    {
        ProbeErrors.Register();
        using var peer = new HostileTcpPeer(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nX-Padding: "u8.ToArray(), ct);
            var padding = new byte[8192];
            Array.Fill(padding, (byte)'a');
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(padding, ct);
            }
        });
        using var probe = new HttpProbe(new HttpProbeOptions { Url = peer.Url, Timeout = TimeSpan.FromSeconds(10) }, TimeProvider.System);

        var result = await probe.ProbeAsync(None);

        result.Failure!.Code.ShouldBe("monitoring.probe.network_error");
        result.Failure.Args["reason"].ShouldStartWith("ConfigurationLimitExceeded");
    }

    internal static int ClosedTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
