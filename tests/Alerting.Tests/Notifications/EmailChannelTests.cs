using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>
/// E-mail against a real Exim that ./test starts (scripts/exim.sh): STARTTLS and TLS on connect with login, a Chinese
/// subject delivered intact, deferred and refused recipients, a wrong password, an untrusted certificate, and no TLS.
/// </summary>
public sealed partial class EmailChannelTests : IAsyncLifetime
{
    private const string Starttls = "HOSPITALOPS_TEST_SMTP";
    private const string Tls = "HOSPITALOPS_TEST_SMTPS";

    private NotificationScenario _s = null!;

    public async Task InitializeAsync() => _s = await NotificationScenario.StartAsync();

    public Task DisposeAsync() => _s.DisposeAsync().AsTask();

    private static string Env(string name) => Environment.GetEnvironmentVariable(name)!;

    private static (string Host, int Port) Address(string variable)
    {
        var value = Env(variable);
        return (value[..value.LastIndexOf(':')], int.Parse(value[(value.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<long> MailChannelAsync(string variable, string security, string[] to, string? password = null, bool trustTestCa = true)
    {
        var (host, port) = Address(variable);
        return await _s.ChannelAsync(new
        {
            name = "mail " + Guid.NewGuid().ToString("N")[..8],
            type = "email",
            settings = new
            {
                host,
                port,
                security,
                username = Env("HOSPITALOPS_TEST_SMTP_USER"),
                from = "alerts@hospital.test",
                to,
                caCertificate = trustTestCa ? File.ReadAllText(Env("HOSPITALOPS_TEST_SMTP_CA")) : null,
            },
            secrets = new { password = password ?? Env("HOSPITALOPS_TEST_SMTP_PASSWORD") },
        });
    }

    private async Task<List<System.Text.Json.JsonElement>> FireAndDeliverAsync(long channel)
    {
        await _s.RouteAsync("mail", [channel]);
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        return await DeliveriesAsync();
    }

    private async Task<List<System.Text.Json.JsonElement>> DeliveriesAsync() =>
        await _s.DeliveriesAsync((await _s.EventsAsync()).Single().GetProperty("id").GetInt64());

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@hospital.test";

    /// <summary>The delivered message addressed to <paramref name="recipient"/>: Exim writes it just after its 250, so wait a little.</summary>
    private static async Task<string> MailboxAsync(string recipient)
    {
        for (var i = 0; i < 100; i++)
        {
            foreach (var file in Directory.EnumerateFiles(Env("HOSPITALOPS_TEST_SMTP_MAILDIR")))
            {
                var text = await File.ReadAllTextAsync(file);
                if (text.Contains(recipient, StringComparison.Ordinal))
                {
                    return text;
                }
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"no message for {recipient} arrived");
    }

    private static string Subject(string message)
    {
        var header = SubjectHeader().Match(message).Groups[1].Value;
        return string.Concat(EncodedWord().Matches(header).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));
    }

    private static string Body(string message) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(message[(message.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].Replace("\n", string.Empty).Replace("\r", string.Empty)));

    [RequiresEnvironmentFact(Starttls)]
    public async Task StartTls_WithLogin_DeliversTheChineseMessageIntact()
    {
        var to = Unique("oncall");
        var log = (await FireAndDeliverAsync(await MailChannelAsync(Starttls, "starttls", [to]))).Single();

        log.GetProperty("state").GetString().ShouldBe("sent", log.ToString());
        log.GetProperty("history")[0].GetProperty("detail").GetString()!.ShouldStartWith("250");
        var message = await MailboxAsync(to);
        Subject(message).ShouldBe("【紧急】PACS 服务器负载过高 c0");
        var body = Body(message);
        body.ShouldContain("配置项：PACS Web (pacs-web-01)");
        body.ShouldContain("当前值：12");
        message.ShouldContain("X-HospitalOps-Idempotency-Key: event:");
        message.ShouldContain("Received: from"); // Exim's own trace: it really passed through the server.
    }

    [RequiresEnvironmentFact(Tls)]
    public async Task TlsOnConnect_WithLogin_Delivers()
    {
        var to = Unique("director");
        (await FireAndDeliverAsync(await MailChannelAsync(Tls, "ssl", [to]))).Single().GetProperty("state").GetString().ShouldBe("sent");
        Subject(await MailboxAsync(to)).ShouldBe("【紧急】PACS 服务器负载过高 c0");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task ADeferredRecipient_GetsAFollowUpOfTheirOwn_WhileTheOthersHaveTheirsAndARefusedOneIsReported()
    {
        var to = Unique("dba");
        var log = await FireAndDeliverAsync(await MailChannelAsync(Starttls, "starttls", [to, "tempfail@hospital.test", "reject@hospital.test"]));

        await MailboxAsync(to);
        log.Count.ShouldBe(2);
        log[0].GetProperty("state").GetString().ShouldBe("sent");
        log[0].GetProperty("history")[0].GetProperty("detail").GetString()!.ShouldContain("tempfail@hospital.test: 451");
        log[0].GetProperty("history")[0].GetProperty("detail").GetString()!.ShouldContain("reject@hospital.test: 550");
        log[1].GetProperty("state").GetString().ShouldBe("pending");
        log[1].GetProperty("recipients").EnumerateArray().Select(r => r.GetString()).ShouldBe(["tempfail@hospital.test"]);

        _s.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _s.DeliverAsync();
        log = await DeliveriesAsync();
        log[1].GetProperty("state").GetString().ShouldBe("pending", "the server still defers it: it waits, it is not dropped");
        log[1].GetProperty("lastError").GetString()!.ShouldStartWith("tempfail@hospital.test: 451");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task ARefusedRecipient_EndsTheMessageAsFailed()
    {
        var log = (await FireAndDeliverAsync(await MailChannelAsync(Starttls, "starttls", ["reject@hospital.test"]))).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString()!.ShouldStartWith("reject@hospital.test: 550");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task AWrongPassword_IsReportedAndNotRetried()
    {
        var log = (await FireAndDeliverAsync(await MailChannelAsync(Starttls, "starttls", [Unique("x")], password: "wrong"))).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString()!.ShouldStartWith("login refused: 535");
        log.GetProperty("lastError").GetString()!.ShouldNotContain("wrong");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task AServerCertificateNothingTrusts_StopsTheMessage()
    {
        var log = (await FireAndDeliverAsync(await MailChannelAsync(Starttls, "starttls", [Unique("x")], trustTestCa: false))).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString()!.ShouldStartWith("TLS with 127.0.0.1 failed");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task WithoutTls_ThePasswordIsNeverSent_BecauseTheServerOffersNoLogin()
    {
        var log = (await FireAndDeliverAsync(await MailChannelAsync(Starttls, "none", [Unique("x")]))).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString().ShouldBe("the server offers no password login without TLS");
    }

    [RequiresEnvironmentFact(Starttls)]
    public async Task AMailServerThatIsDown_IsRetried()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var channel = await _s.ChannelAsync(new
        {
            name = "down",
            type = "email",
            settings = new { host = "127.0.0.1", port, security = "ssl", from = "alerts@hospital.test", to = new[] { "x@hospital.test" } },
        });

        var log = (await FireAndDeliverAsync(channel)).Single();
        log.GetProperty("state").GetString().ShouldBe("pending");
        log.GetProperty("lastError").GetString()!.ShouldStartWith($"cannot connect to 127.0.0.1:{port}");
    }

    [GeneratedRegex(@"^Subject: ((?:.*\n[ \t].*)*.*)$", RegexOptions.Multiline)]
    private static partial Regex SubjectHeader();

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=")]
    private static partial Regex EncodedWord();
}
