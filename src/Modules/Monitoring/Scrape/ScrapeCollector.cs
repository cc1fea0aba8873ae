using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Fetches a Prometheus or OpenMetrics endpoint (node_exporter, postgres_exporter, windows_exporter,
/// IRIS /api/monitor/metrics, JMX exporters…): gzip accepted, the decompressed body capped, Basic
/// or bearer authentication. Parsing and storing happen on the scrape ingest path.
/// </summary>
internal sealed class ScrapeCollector(IHttpClientFactory clients, MonitoringOptions options) : ICollector
{
    public const string HttpClientName = "monitoring-scrape";

    public string Kind => "prometheus";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Target.Address);
        request.Headers.TryAddWithoutValidation("Accept", ExpositionContentType.AcceptHeader);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", context.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        if (context.Secrets.TryGetValue("bearerToken", out var token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (context.Secrets.TryGetValue("username", out var user))
        {
            var pair = Encoding.UTF8.GetBytes(user + ":" + context.Secrets.GetValueOrDefault("password", string.Empty));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        var client = clients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            return CollectionResult.Failed(new CollectionFailure("monitoring.connect_failed", ("reason", ex.HttpRequestError.ToString())));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return CollectionResult.Failed(new CollectionFailure("monitoring.scrape.http_status", ("status", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            var limit = context.Settings.Int("maxBodyBytes") is int perTarget and > 0 ? perTarget : options.MaxScrapeBodyBytes;
            await using var raw = await response.Content.ReadAsStreamAsync(ct);
            var gzip = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
            await using var body = gzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= limit)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = [];
                            return CollectionResult.Failed(new CollectionFailure("monitoring.scrape.body_too_large", ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), ct);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length >= limit && buffer.Length >= limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = [];
                        return CollectionResult.Failed(new CollectionFailure("monitoring.scrape.body_too_large", ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                    }
                }
            }
            catch (InvalidDataException)
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return CollectionResult.Failed(new CollectionFailure("monitoring.scrape.bad_gzip"));
            }
            catch (HttpRequestException ex)
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return CollectionResult.Failed(new CollectionFailure("monitoring.connect_failed", ("reason", ex.HttpRequestError.ToString())));
            }
            catch (IOException ex)
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return CollectionResult.Failed(new CollectionFailure("monitoring.connect_failed", ("reason", ex.Message)));
            }

            var format = ExpositionContentType.Detect(response.Content.Headers.ContentType?.ToString());
            return new CollectionResult { Body = new ScrapedBody(buffer, length, format == ExpositionFormat.OpenMetrics) };
        }
    }

    /// <summary>The handler of the scrape client: no cookies, no proxy from the environment, decompression done here with a cap.</summary>
    public static SocketsHttpHandler Handler() => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        MaxResponseHeadersLength = 64,
    };
}
