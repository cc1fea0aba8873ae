using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Senders.Smtp;

/// <summary>An SMTP reply: its code and text (the lines of a multi-line reply joined).</summary>
internal sealed record SmtpReply(int Code, string Text)
{
    public bool Positive => Code is >= 200 and < 400;

    public bool Transient => Code is >= 400 and < 500;

    public override string ToString() => $"{Code} {Text}";
}

/// <summary>Why a session stopped: the server's reply, or no reply at all (network, TLS).</summary>
internal sealed class SmtpFailure(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>
/// One SMTP conversation (RFC 5321) over TCP: TLS from the start ("ssl", port 465) or upgraded by STARTTLS, AUTH PLAIN
/// or LOGIN, then envelope and data. System.Net.Mail cannot do TLS on connect, which many hospital mail servers require,
/// hence this small client.
/// </summary>
internal sealed class SmtpSession : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly string _host;
    private readonly X509Certificate2? _trustedRoot;
    private Stream _stream;
    private StreamReader _reader;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);
    private List<string> _authMechanisms = [];

    private SmtpSession(TcpClient tcp, string host, X509Certificate2? trustedRoot)
    {
        _tcp = tcp;
        _host = host;
        _trustedRoot = trustedRoot;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII, false, 1024, leaveOpen: true);
    }

    public bool Secure => _stream is SslStream;

    public static async Task<SmtpSession> ConnectAsync(string host, int port, bool tlsOnConnect, X509Certificate2? trustedRoot, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, ct);
        }
        catch (SocketException ex)
        {
            tcp.Dispose();
            throw new SmtpFailure($"cannot connect to {host}:{port} ({ex.SocketErrorCode})", transient: true);
        }

        var session = new SmtpSession(tcp, host, trustedRoot);
        try
        {
            if (tlsOnConnect)
            {
                await session.StartTlsAsync(ct);
            }

            Expect(await session.ReadReplyAsync(ct), "greeting");
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task HelloAsync(string clientName, CancellationToken ct)
    {
        var reply = await CommandAsync($"EHLO {clientName}", ct);
        Expect(reply, "EHLO");
        var lines = reply.Text.Split('\n').Skip(1).Select(l => l.Trim()).ToList();
        _extensions = lines.Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _authMechanisms = lines.Where(l => l.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase)).SelectMany(l => l.Split(' ').Skip(1)).Select(m => m.ToUpperInvariant()).ToList();
    }

    /// <summary>Upgrades the connection with STARTTLS; refuses to go on in clear text when the server does not offer it.</summary>
    public async Task StartTlsAsync(string clientName, CancellationToken ct)
    {
        if (!_extensions.Contains("STARTTLS"))
        {
            throw new SmtpFailure("the server does not offer STARTTLS", transient: false);
        }

        Expect(await CommandAsync("STARTTLS", ct), "STARTTLS");
        await StartTlsAsync(ct);
        await HelloAsync(clientName, ct);
    }

    public async Task AuthenticateAsync(string user, string password, CancellationToken ct)
    {
        SmtpReply reply;
        if (_authMechanisms.Contains("PLAIN"))
        {
            reply = await CommandAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}")), ct);
        }
        else if (_authMechanisms.Contains("LOGIN"))
        {
            Expect(await CommandAsync("AUTH LOGIN", ct), "AUTH LOGIN");
            Expect(await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), ct), "AUTH LOGIN");
            reply = await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), ct);
        }
        else
        {
            throw new SmtpFailure(Secure ? "the server offers no password login (AUTH PLAIN or LOGIN)" : "the server offers no password login without TLS", transient: false);
        }

        if (reply.Code != 235)
        {
            throw new SmtpFailure($"login refused: {reply}", reply.Transient);
        }
    }

    public Task<SmtpReply> MailFromAsync(string from, CancellationToken ct) => CommandAsync($"MAIL FROM:<{from}>", ct);

    public Task<SmtpReply> RecipientAsync(string to, CancellationToken ct) => CommandAsync($"RCPT TO:<{to}>", ct);

    /// <summary>Sends the message after DATA, dot-stuffed, and returns the server's verdict on it.</summary>
    public async Task<SmtpReply> DataAsync(string message, CancellationToken ct)
    {
        var go = await CommandAsync("DATA", ct);
        if (go.Code != 354)
        {
            return go;
        }

        var stuffed = new StringBuilder();
        foreach (var line in message.Split("\r\n"))
        {
            stuffed.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
        }

        stuffed.Append(".\r\n");
        await WriteAsync(stuffed.ToString(), ct);
        return await ReadReplyAsync(ct);
    }

    public async Task QuitAsync(CancellationToken ct)
    {
        try
        {
            await CommandAsync("QUIT", ct);
        }
        catch (Exception ex) when (ex is IOException or SmtpFailure)
        {
            // The message is already accepted; a server that hangs up without a goodbye changes nothing.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static void Expect(SmtpReply reply, string step)
    {
        if (!reply.Positive)
        {
            throw new SmtpFailure($"{step}: {reply}", reply.Transient);
        }
    }

    private async Task StartTlsAsync(CancellationToken ct)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateChainPolicy = _trustedRoot is null ? null : TrustOnly(_trustedRoot),
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options, ct);
        }
        catch (AuthenticationException ex)
        {
            await tls.DisposeAsync();
            throw new SmtpFailure($"TLS with {_host} failed: {ex.Message}", transient: false);
        }

        _stream = tls;
        _reader.Dispose();
        _reader = new StreamReader(_stream, Encoding.ASCII, false, 1024, leaveOpen: true);
    }

    /// <summary>A chain policy that accepts exactly the channel's own CA (a hospital's internal mail server) as the root.</summary>
    private static X509ChainPolicy TrustOnly(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken ct)
    {
        await WriteAsync(command + "\r\n", ct);
        return await ReadReplyAsync(ct);
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await _stream.FlushAsync(ct);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct) ?? throw new SmtpFailure("the server closed the connection", transient: true);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code) || lines.Count > 100)
            {
                throw new SmtpFailure("the server's reply is not SMTP", transient: true);
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] != '-')
            {
                return new SmtpReply(code, string.Join('\n', lines));
            }
        }
    }
}
