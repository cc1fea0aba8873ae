using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>
/// GETs management URLs of one endpoint with Basic auth, reading at most
/// <see cref="MiddlewareEndpoint.MaxResponseBytes"/> per answer and turning every failure into a
/// <see cref="CollectionFailure"/>. The caller's token carries the collection's deadline; its
/// collectors run under <see cref="WithDeadlineAsync{T}"/>, which turns that deadline into a
/// timeout failure.
/// </summary>
internal sealed class MiddlewareHttpClient : IDisposable
{
    private readonly MiddlewareEndpoint _endpoint;
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly Uri _baseUrl;

    public MiddlewareHttpClient(MiddlewareEndpoint endpoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(endpoint.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(endpoint.MaxResponseBytes, 1);
        _endpoint = endpoint;
        // Relative paths replace the last segment of a base without a trailing slash.
        _baseUrl = endpoint.BaseUrl.AbsoluteUri.EndsWith('/') ? endpoint.BaseUrl : new Uri(endpoint.BaseUrl.AbsoluteUri + "/");
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = endpoint.Timeout,
            MaxResponseHeadersLength = 64, // KiB
        };
        if (endpoint.SkipTlsVerification)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(endpoint.User + ":" + endpoint.Password)));
    }

    public string Target => _endpoint.BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The body of a 2xx answer; throws <see cref="CollectionFailure"/> for anything else.</summary>
    public async Task<byte[]> GetAsync(string pathAndQuery, string accept, CancellationToken cancellationToken) =>
        (await GetCoreAsync(pathAndQuery, accept, notFoundIsAbsent: false, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Like <see cref="GetAsync"/>, but a 404 (a sub-resource this server does not have) gives null.</summary>
    public Task<byte[]?> GetOptionalAsync(string pathAndQuery, string accept, CancellationToken cancellationToken) =>
        GetCoreAsync(pathAndQuery, accept, notFoundIsAbsent: true, cancellationToken);

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Runs one collection under the endpoint's timeout: the deadline becomes a timeout failure,
    /// the caller's own cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<T> WithDeadlineAsync<T>(Func<CancellationToken, Task<T>> collect, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_endpoint.Timeout);
        try
        {
            return await collect(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CollectionFailure(MiddlewareErrors.Timeout,
                ("target", Target), ("timeout", _endpoint.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"));
        }
    }

    private async Task<byte[]?> GetCoreAsync(string pathAndQuery, string accept, bool notFoundIsAbsent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, pathAndQuery));
            request.Headers.Authorization = _authorization;
            request.Headers.Accept.ParseAdd(accept);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new CollectionFailure(MiddlewareErrors.AuthFailed, ("target", Target), ("status", status.ToString(CultureInfo.InvariantCulture)));
            }
            if (notFoundIsAbsent && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new CollectionFailure(MiddlewareErrors.HttpStatus, ("target", Target), ("status", status.ToString(CultureInfo.InvariantCulture)));
            }
            if (response.Content.Headers.ContentLength > _endpoint.MaxResponseBytes)
            {
                throw TooLarge();
            }
            return await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded)
        {
            // Something answered, but not with HTTP we accept (another service on the port, endless headers).
            throw new CollectionFailure(MiddlewareErrors.Malformed, ("target", Target), ("reason", e.HttpRequestError + ": " + e.Message));
        }
        catch (HttpRequestException e)
        {
            throw new CollectionFailure(MiddlewareErrors.Unreachable, ("target", Target), ("reason", e.HttpRequestError + ": " + e.Message));
        }
        catch (IOException e)
        {
            throw new CollectionFailure(MiddlewareErrors.Unreachable, ("target", Target), ("reason", e.Message));
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        using var kept = new MemoryStream();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return kept.ToArray();
            }
            if (kept.Length + read > _endpoint.MaxResponseBytes)
            {
                throw TooLarge();
            }
            kept.Write(buffer, 0, read);
        }
    }

    private CollectionFailure TooLarge() =>
        new(MiddlewareErrors.TooLarge, ("target", Target), ("limit", _endpoint.MaxResponseBytes.ToString(CultureInfo.InvariantCulture)));
}
