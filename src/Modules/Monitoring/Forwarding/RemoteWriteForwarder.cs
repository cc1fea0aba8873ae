using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Forwarding;

/// <summary>Looks up the labels of series by id (<see cref="SeriesIndex.LabelsAsync"/>).</summary>
internal delegate Task<IReadOnlyDictionary<long, SeriesLabels>> SeriesLabelLookup(IReadOnlyCollection<long> ids, CancellationToken ct);

/// <summary>
/// Forwards every sample the history head accepts to a Prometheus remote-write receiver.
/// The tap only puts the sample in a bounded queue (when full the oldest sample is dropped and
/// counted: ingest is never slowed down by a slow receiver); the background loop sends batches of
/// up to <see cref="RemoteWriteOptions.MaxSamplesPerSend"/>, retrying 5xx, 429, timeouts and network
/// errors with exponential backoff until they are accepted, and giving up only on other answers
/// (a 4xx means the receiver will never take this batch).
/// </summary>
internal sealed class RemoteWriteForwarder : BackgroundService, ISampleTap
{
    public const string HttpClientName = "HospitalOps.RemoteWrite";

    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);

    private readonly RemoteWriteOptions _options;
    private readonly SeriesLabelLookup _lookup;
    private readonly IHttpClientFactory _http;
    private readonly ILogger _log;
    private readonly Channel<QueuedSample> _queue;
    private readonly Uri _url;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly int _maxPerSend;
    private readonly Dictionary<long, byte[]> _labels = [];
    private readonly MetricsRegistry.CounterFamily _sentCounter;
    private readonly MetricsRegistry.CounterFamily _failedCounter;
    private readonly MetricsRegistry.CounterFamily _droppedCounter;
    private readonly MetricsRegistry.CounterFamily _retriesCounter;
    private long _dropped;
    private long _sent;
    private long _failed;
    private long _lastRejectLog = long.MinValue;
    private long _lastRetryLog = long.MinValue;
    private int _suppressedLogs;

    public RemoteWriteForwarder(RemoteWriteOptions options, SeriesLabelLookup lookup, IHttpClientFactory http, MetricsRegistry metrics, ILogger<RemoteWriteForwarder> log)
    {
        _options = options;
        _lookup = lookup;
        _http = http;
        _log = log;
        _url = new Uri(options.Url ?? throw new InvalidOperationException("Monitoring:RemoteWrite:Url is not set."));
        _sentCounter = metrics.Counter("hospitalops_remote_write_samples_sent_total", "Samples forwarded by remote write and accepted by the receiver.");
        _failedCounter = metrics.Counter("hospitalops_remote_write_samples_failed_total",
            "Samples given up on: refused by the receiver (4xx other than 429), or whose series is unknown.", "reason");
        _droppedCounter = metrics.Counter("hospitalops_remote_write_samples_dropped_total", "Samples dropped because the remote-write queue was full.");
        _retriesCounter = metrics.Counter("hospitalops_remote_write_retries_total", "Remote-write sends retried after a 5xx, 429, timeout or network error.");
        _maxPerSend = Math.Max(1, options.MaxSamplesPerSend);
        var capacity = Math.Max(1, options.QueueCapacity);
        _queue = Channel.CreateBounded<QueuedSample>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                _droppedCounter.Inc();
            });
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            _authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        }

        metrics.Gauge("hospitalops_remote_write_queue_samples", "Samples waiting in the remote-write queue.", () => _queue.Reader.Count);
        metrics.Gauge("hospitalops_remote_write_queue_capacity_samples", "Capacity of the remote-write queue.", () => capacity);
    }

    public long SamplesSent => Interlocked.Read(ref _sent);

    public long SamplesFailed => Interlocked.Read(ref _failed);

    public long SamplesDropped => Interlocked.Read(ref _dropped);

    public int QueueLength => _queue.Reader.Count;

    /// <summary>Called under the head's lock: a queue write that never waits (a full queue drops its oldest sample).</summary>
    public void OnSample(long seriesId, long timestampMs, double value) =>
        _queue.Writer.TryWrite(new QueuedSample(seriesId, timestampMs, value));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<QueuedSample>(Math.Min(_maxPerSend, 65_536));
        try
        {
            while (true)
            {
                await FillAsync(batch, stoppingToken);
                if (batch.Count > 0)
                {
                    await SendAsync(batch, retry: true, stoppingToken);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushOnStopAsync(batch);
    }

    /// <summary>Waits for a first sample, then for the batch to fill or its deadline to pass.</summary>
    private async Task FillAsync(List<QueuedSample> batch, CancellationToken ct)
    {
        var reader = _queue.Reader;
        await reader.WaitToReadAsync(ct);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            while (batch.Count < _maxPerSend && reader.TryRead(out var sample))
            {
                batch.Add(sample);
            }

            var left = _options.BatchDeadline - Stopwatch.GetElapsedTime(started);
            if (batch.Count >= _maxPerSend || left <= TimeSpan.Zero)
            {
                return;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(left);
            try
            {
                await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>On shutdown, one attempt (no retries) for what is still queued, within a short budget.</summary>
    private async Task FlushOnStopAsync(List<QueuedSample> batch)
    {
        using var budget = new CancellationTokenSource(StopBudget);
        try
        {
            do
            {
                while (batch.Count < _maxPerSend && _queue.Reader.TryRead(out var sample))
                {
                    batch.Add(sample);
                }

                if (batch.Count == 0)
                {
                    return;
                }

                await SendAsync(batch, retry: false, budget.Token);
                batch.Clear();
            }
            while (!budget.IsCancellationRequested);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(List<QueuedSample> batch, bool retry, CancellationToken ct)
    {
        byte[]? payload = null;
        var count = 0;
        var backoff = _options.MinBackoff > TimeSpan.Zero ? _options.MinBackoff : TimeSpan.FromMilliseconds(10);
        while (true)
        {
            TimeSpan? retryAfter = null;
            string problem;
            try
            {
                if (payload is null)
                {
                    (payload, count) = await EncodeAsync(batch, ct);
                    if (payload is null)
                    {
                        return;
                    }
                }

                var outcome = await PostAsync(payload, ct);
                if (outcome.Status is >= 200 and < 300)
                {
                    Interlocked.Add(ref _sent, count);
                    _sentCounter.Inc(count);
                    return;
                }

                if (outcome.Status != 429 && outcome.Status < 500)
                {
                    GiveUp(count, "rejected");
                    LogRateLimited(ref _lastRejectLog, LogLevel.Error,
                        "Remote write to {Url} refused a batch of {Count} samples with HTTP {Status}: {Body}. The batch is dropped.",
                        _url, count, outcome.Status, outcome.Body);
                    return;
                }

                retryAfter = outcome.RetryAfter;
                problem = $"HTTP {outcome.Status}: {outcome.Body}";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                problem = $"no answer within {_options.Timeout.TotalSeconds:0.#} s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Data.Common.DbException)
            {
                problem = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not the network or the database: retrying would fail the same way and hold up every later batch.
                GiveUp(count == 0 ? batch.Count : count, "error");
                _log.LogError(e, "Remote write to {Url} failed unexpectedly; {Count} samples are dropped.", _url, batch.Count);
                return;
            }

            if (!retry)
            {
                GiveUp(count == 0 ? batch.Count : count, "shutdown");
                return;
            }

            _retriesCounter.Inc();
            LogRateLimited(ref _lastRetryLog, LogLevel.Warning,
                "Remote write to {Url} failed ({Problem}); retrying {Count} samples in {Delay} ms.",
                _url, problem, batch.Count, (long)backoff.TotalMilliseconds);
            var delay = retryAfter is { } after && after > backoff ? (after < _options.MaxBackoff ? after : _options.MaxBackoff) : backoff;
            await Task.Delay(delay, ct);
            backoff = backoff * 2 < _options.MaxBackoff ? backoff * 2 : _options.MaxBackoff;
        }
    }

    /// <summary>Groups the batch by series, resolves their labels (cached) and encodes + compresses the request.</summary>
    private async Task<(byte[]? Payload, int Count)> EncodeAsync(List<QueuedSample> batch, CancellationToken ct)
    {
        var missing = new HashSet<long>();
        foreach (var s in batch)
        {
            if (!_labels.ContainsKey(s.SeriesId))
            {
                missing.Add(s.SeriesId);
            }
        }

        if (missing.Count > 0)
        {
            if (_labels.Count + missing.Count > Math.Max(1, _options.LabelCacheSize))
            {
                _labels.Clear();
                missing.Clear();
                foreach (var s in batch)
                {
                    missing.Add(s.SeriesId);
                }
            }

            var found = await _lookup(missing, ct);
            foreach (var (id, labels) in found)
            {
                _labels[id] = RemoteWriteEncoder.EncodeLabels(labels);
            }
        }

        var series = new Dictionary<long, RemoteWriteSeries>();
        var ordered = new List<RemoteWriteSeries>();
        var unknown = 0;
        foreach (var s in batch)
        {
            if (!series.TryGetValue(s.SeriesId, out var ts))
            {
                if (!_labels.TryGetValue(s.SeriesId, out var encoded))
                {
                    unknown++;
                    continue;
                }

                ts = new RemoteWriteSeries(encoded);
                series[s.SeriesId] = ts;
                ordered.Add(ts);
            }

            ts.Samples.Add(new RemoteWriteSample(s.TimestampMs, s.Value));
        }

        if (unknown > 0)
        {
            GiveUp(unknown, "unknown_series");
        }

        if (ordered.Count == 0)
        {
            return (null, 0);
        }

        foreach (var ts in ordered)
        {
            // Receivers expect each series' samples in time order; the queue keeps arrival order.
            ts.Samples.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        }

        return (IronSnappy.Snappy.Encode(RemoteWriteEncoder.EncodeRequest(ordered)), batch.Count - unknown);
    }

    private async Task<PostOutcome> PostAsync(byte[] payload, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("HospitalOps", "1.0"));
        request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var response = await _http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)response.StatusCode;
        var body = status is >= 200 and < 300 ? string.Empty : await ReadSnippetAsync(response, timeout.Token);
        var retryAfter = response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        return new PostOutcome(status, body, retryAfter);
    }

    /// <summary>The start of an error answer, for the log; a receiver may send anything, so it is capped.</summary>
    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        const int Cap = 512;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[Cap];
        var read = 0;
        int n;
        while (read < Cap && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    private void GiveUp(int count, string reason)
    {
        Interlocked.Add(ref _failed, count);
        _failedCounter.Inc(count, reason);
    }

    private void LogRateLimited(ref long last, LogLevel level, string message, params object?[] args)
    {
        var now = Stopwatch.GetTimestamp();
        if (last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < LogEvery)
        {
            _suppressedLogs++;
            return;
        }

        last = now;
        var suppressed = _suppressedLogs;
        _suppressedLogs = 0;
#pragma warning disable CA2254 // The templates are the constants above.
        _log.Log(level, message + (suppressed > 0 ? " ({Suppressed} similar messages suppressed in the last minute.)" : string.Empty),
            suppressed > 0 ? [.. args, suppressed] : args);
#pragma warning restore CA2254
    }

    private readonly record struct QueuedSample(long SeriesId, long TimestampMs, double Value);

    private readonly record struct PostOutcome(int Status, string Body, TimeSpan? RetryAfter);
}
