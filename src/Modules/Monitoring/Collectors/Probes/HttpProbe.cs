using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>
/// Fetches one URL with its own <see cref="SocketsHttpHandler"/> (so timeouts, redirects and TLS
/// trust are per target) and reports status, duration, size, body match and the server
/// certificate's remaining lifetime. Every run opens a fresh connection, so the TLS handshake
/// (and its certificate) is seen each time. One run at a time per instance.
/// </summary>
internal sealed class HttpProbe : IDisposable
{
    private readonly HttpProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly Regex? _bodyPattern;
    private readonly string? _pinnedHash;
    private TlsHandshake? _handshake;

    // Many hospital systems (older HIS/LIS front ends) still serve GBK/GB2312 pages; .NET only
    // knows those code pages once the provider is registered.
    static HttpProbe() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public HttpProbe(HttpProbeOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBodyBytes, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRedirects, 0);
        if (options.Url.Scheme != Uri.UriSchemeHttp && options.Url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("Only http and https URLs can be probed.", nameof(options));
        }
        _options = options;
        _time = time;
        _bodyPattern = options.BodyPattern is null
            ? null
            : new Regex(options.BodyPattern, RegexOptions.CultureInvariant, options.BodyPatternTimeout);
        _pinnedHash = options.PinnedCertificate?.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 64, // KiB
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateCertificate },
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private string Target => _options.Url.GetLeftPart(UriPartial.Path);

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var samples = new SampleBatch();
        _handshake = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(_options.UseHead ? HttpMethod.Head : HttpMethod.Get, _options.Url);
            if (_options.BasicAuthUser is not null)
            {
                var credentials = Encoding.UTF8.GetBytes(_options.BasicAuthUser + ":" + _options.BasicAuthPassword);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
            }
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await ReadCappedAsync(response.Content, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            samples.Add("probe_http_duration_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
            samples.Add("probe_http_status_code", status);
            samples.Add("probe_http_content_length_bytes", response.Content.Headers.ContentLength ?? body.Length);
            samples.Add("probe_http_body_truncated", body.Truncated);
            AddCertificateSamples(samples);

            if (!IsExpected(status))
            {
                return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.HttpStatus,
                    ("target", Target), ("status", status.ToString(CultureInfo.InvariantCulture)), ("expected", ExpectedText())));
            }
            if (_bodyPattern is not null)
            {
                var mismatch = MatchBody(response.Content.Headers.ContentType, body);
                samples.Add("probe_http_body_match", mismatch is null);
                if (mismatch is not null)
                {
                    return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.BodyMismatch, ("target", Target), ("reason", mismatch)));
                }
            }
            return ProbeResult.Success(samples);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AddCertificateSamples(samples);
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.Timeout,
                ("target", Target), ("timeout", ProbeErrors.Seconds(_options.Timeout))));
        }
        catch (HttpRequestException e)
        {
            AddCertificateSamples(samples);
            return ProbeResult.Failed(samples, FromRequestError(e));
        }
        catch (IOException e)
        {
            // The connection broke while the body was read.
            return ProbeResult.Failed(samples, new CollectionFailure(ProbeErrors.NetworkError, ("target", Target), ("reason", e.Message)));
        }
    }

    public void Dispose() => _client.Dispose();

    private bool IsExpected(int status) =>
        _options.ExpectedStatusCodes is { Count: > 0 } expected ? expected.Contains(status) : status is >= 200 and <= 299;

    private string ExpectedText() =>
        _options.ExpectedStatusCodes is { Count: > 0 } expected
            ? string.Join(", ", expected.Select(c => c.ToString(CultureInfo.InvariantCulture)))
            : "2xx";

    private async Task<CappedBody> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(_options.MaxBodyBytes, 64 * 1024) + 1];
        using var kept = new MemoryStream();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new CappedBody(kept.ToArray(), false);
            }
            var room = _options.MaxBodyBytes - (int)kept.Length;
            if (read > room)
            {
                kept.Write(buffer, 0, room);
                return new CappedBody(kept.ToArray(), true);
            }
            kept.Write(buffer, 0, read);
        }
    }

    private string? MatchBody(MediaTypeHeaderValue? contentType, CappedBody body)
    {
        var text = Decode(contentType, body.Bytes);
        try
        {
            if (_bodyPattern!.IsMatch(text))
            {
                return null;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return "the pattern took longer than " + ProbeErrors.Seconds(_options.BodyPatternTimeout);
        }
        return body.Truncated
            ? $"pattern not found in the first {body.Length} bytes (body truncated)"
            : "pattern not found";
    }

    private static string Decode(MediaTypeHeaderValue? contentType, byte[] bytes)
    {
        var encoding = Encoding.UTF8;
        if (contentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: UTF-8 is the best guess for a web page.
            }
        }
        return encoding.GetString(bytes);
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var leaf = certificate as X509Certificate2;
        var pinnedMatches = _pinnedHash is not null && leaf is not null
            && string.Equals(leaf.GetCertHashString(HashAlgorithmName.SHA256), _pinnedHash, StringComparison.OrdinalIgnoreCase);
        _handshake = new TlsHandshake(
            leaf?.NotBefore.ToUniversalTime(),
            leaf?.NotAfter.ToUniversalTime(),
            errors,
            chain?.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b) ?? X509ChainStatusFlags.NoError,
            _pinnedHash is not null && !pinnedMatches);
        if (_options.SkipTlsVerification)
        {
            return true;
        }
        if (_pinnedHash is not null)
        {
            // A pinned self-signed certificate is trusted as is, but it must still be within its validity.
            var now = _time.GetUtcNow().UtcDateTime;
            return pinnedMatches && leaf!.NotBefore.ToUniversalTime() <= now && now <= leaf.NotAfter.ToUniversalTime();
        }
        return errors == SslPolicyErrors.None;
    }

    private void AddCertificateSamples(SampleBatch samples)
    {
        if (_handshake is { NotAfter: { } notAfter })
        {
            var left = notAfter - _time.GetUtcNow().UtcDateTime;
            samples.Add("probe_tls_certificate_expiry_seconds", left.TotalSeconds);
            samples.Add("probe_tls_certificate_days_left", left.TotalDays);
        }
    }

    private CollectionFailure FromRequestError(HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException)
        {
            return new CollectionFailure(ProbeErrors.TlsError, ("target", Target), ("reason", TlsReason(e)));
        }
        if (e.HttpRequestError == HttpRequestError.NameResolutionError)
        {
            return new CollectionFailure(ProbeErrors.DnsFailed, ("host", _options.Url.Host), ("reason", e.Message));
        }
        if (e.InnerException is SocketException socketError)
        {
            return TcpProbe.FromSocketError(Target, socketError);
        }
        return new CollectionFailure(ProbeErrors.NetworkError, ("target", Target), ("reason", e.HttpRequestError + ": " + e.Message));
    }

    private string TlsReason(HttpRequestException e)
    {
        if (_handshake is not { } handshake)
        {
            return "handshake failed: " + (e.InnerException?.Message ?? e.Message);
        }
        var now = _time.GetUtcNow().UtcDateTime;
        if (handshake.NotAfter < now)
        {
            return "certificate expired on " + handshake.NotAfter.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        }
        if (handshake.NotBefore > now)
        {
            return "certificate not valid before " + handshake.NotBefore.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        }
        if (handshake.PinMismatch)
        {
            return "certificate differs from the pinned one";
        }
        if (handshake.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "no certificate";
        }
        if (handshake.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "name mismatch: certificate is not for " + _options.Url.Host;
        }
        if (handshake.Errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return "untrusted certificate (" + handshake.ChainStatus + ")";
        }
        return "handshake failed: " + (e.InnerException?.Message ?? e.Message);
    }

    private readonly record struct CappedBody(byte[] Bytes, bool Truncated)
    {
        public int Length => Bytes.Length;
    }

    private sealed record TlsHandshake(
        DateTime? NotBefore, DateTime? NotAfter, SslPolicyErrors Errors, X509ChainStatusFlags ChainStatus, bool PinMismatch);
}
