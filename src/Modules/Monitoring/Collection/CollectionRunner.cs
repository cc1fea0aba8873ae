using System.Buffers;
using System.Diagnostics;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Health;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Scrape;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// Runs one collection of a target: the collector under the target's timeout, then the samples
/// into the target's head with <c>up</c>, <c>scrape_duration_seconds</c> and
/// <c>scrape_samples_scraped</c>, stale markers for series that disappeared, and the health record.
/// </summary>
internal sealed class CollectionRunner(
    IEnumerable<ICollector> collectors,
    HistoryStore store,
    SeriesIndex index,
    ScrapeIngest scrapes,
    Discovery.HostDiscovery discovery,
    TargetHealthBook health,
    ISecretProtector secrets,
    TimeProvider clock,
    ILogger<CollectionRunner> log)
{
    private readonly Dictionary<string, ICollector> _collectors = collectors.ToDictionary(c => c.Kind, StringComparer.Ordinal);

    public bool Supports(string kind) => _collectors.ContainsKey(kind);

    /// <summary>
    /// Collects and stores; returns what was collected. Scheduled collections pass their slot time
    /// as the samples' timestamp, so timer jitter does not cost bits in the timestamp encoding.
    /// </summary>
    public async Task<CollectionOutcome> RunAsync(TargetRuntime runtime, CancellationToken ct, long? slot = null)
    {
        await runtime.Running.WaitAsync(ct);
        try
        {
            var t = slot ?? UnixMs.Now(clock);
            var (result, elapsed) = await CollectAsync(runtime, ct);
            var stored = await StoreAsync(runtime, result, t, elapsed, ct);
            health.Record(runtime.Target.Id, t, elapsed.TotalMilliseconds, stored.Scraped, stored.Failure);
            return stored;
        }
        finally
        {
            runtime.Running.Release();
        }
    }

    /// <summary>Collects without storing anything ("test now").</summary>
    public async Task<(CollectionResult Result, TimeSpan Elapsed)> CollectAsync(TargetRuntime runtime, CancellationToken ct)
    {
        var target = runtime.Target;
        var started = Stopwatch.GetTimestamp();
        CollectionResult result;
        if (!_collectors.TryGetValue(target.Kind, out var collector))
        {
            result = CollectionResult.Failed(new CollectionFailure("monitoring.kind_unavailable", ("kind", target.Kind)));
        }
        else
        {
            var timeout = TimeSpan.FromMilliseconds(target.TimeoutMs);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                result = await collector.CollectAsync(new CollectionContext(target, target.Secrets(secrets), target.SettingsObject, timeout), deadline.Token);
            }
            catch (CollectionFailure failure)
            {
                result = CollectionResult.Failed(failure);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = CollectionResult.Failed(new CollectionFailure("monitoring.timeout", ("seconds", timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture))));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Collector {Kind} failed on target {TargetId}", target.Kind, target.Id);
                result = CollectionResult.Failed(new CollectionFailure("monitoring.collector_error", ("reason", ex.GetType().Name)));
            }
        }

        return (result, Stopwatch.GetElapsedTime(started));
    }

    private async Task<CollectionOutcome> StoreAsync(TargetRuntime runtime, CollectionResult result, long t, TimeSpan elapsed, CancellationToken ct)
    {
        var failure = result.Failure;
        ScrapeIngest.Prepared? prepared = null;
        Cmdb.Contracts.DiscoveredHost? host = null;
        var generic = new List<(HeadSeries? Series, SeriesLabels Labels, double Value, long? T)>();
        try
        {
            if (failure is null && result.Body is { } body)
            {
                prepared = scrapes.Prepare(runtime, body);
                failure = prepared.Failure;
                if (failure is null && discovery.Due(runtime))
                {
                    host = Discovery.HostFacts.Read(body.Span, body.OpenMetrics, runtime.Target.CiId, runtime.Target.Address);
                }
            }
        }
        finally
        {
            if (result.Body is { } body)
            {
                ArrayPool<byte>.Shared.Return(body.Bytes);
            }
        }

        if (prepared is not null && failure is null)
        {
            await scrapes.ResolveAsync(prepared, ct);
        }

        foreach (var sample in result.Samples.Samples)
        {
            var labels = SeriesLabels.Of(sample.Metric, runtime.Labels.Concat(sample.Labels));
            runtime.SeriesByText.TryGetValue(labels.Text, out var known);
            generic.Add((known, labels, sample.Value, sample.TimestampMs));
        }

        var synthetic = new[]
        {
            SeriesLabels.Of("up", runtime.Labels),
            SeriesLabels.Of("scrape_duration_seconds", runtime.Labels),
            SeriesLabels.Of("scrape_samples_scraped", runtime.Labels),
        };
        var unknown = generic.Where(g => g.Series is null).Select(g => g.Labels)
            .Concat(synthetic.Where(s => !runtime.SeriesByText.ContainsKey(s.Text)))
            .DistinctBy(s => s.Text).ToList();
        var ids = await index.ResolveAsync(unknown, ct);
        var newIds = unknown.Select((s, i) => (s.Text, Id: ids[i])).ToDictionary(p => p.Text, p => p.Id, StringComparer.Ordinal);

        var scraped = 0;
        using (var appender = store.BeginAppend(runtime.Head, t))
        {
            HeadSeries Series(SeriesLabels labels)
            {
                if (runtime.SeriesByText.TryGetValue(labels.Text, out var s))
                {
                    return appender.Attach(s);
                }

                s = appender.Series(newIds[labels.Text]);
                runtime.SeriesByText[labels.Text] = s;
                return s;
            }

            if (failure is null && prepared is not null)
            {
                scraped += ScrapeIngest.Append(runtime, prepared, appender);
            }

            // A failed probe still reports what it measured (probe_success 0, the rejection's status…).
            foreach (var (_, labels, value, sampleT) in generic)
            {
                appender.Append(Series(labels), sampleT ?? t, value);
                scraped++;
            }

            appender.Append(Series(synthetic[0]), failure is null ? 1 : 0);
            appender.Append(Series(synthetic[1]), elapsed.TotalSeconds);
            appender.Append(Series(synthetic[2]), scraped);
            appender.Complete(markMissingStale: true);
        }

        if (host is not null)
        {
            await discovery.RecordAsync(runtime, host, ct);
        }

        if (prepared is not null)
        {
            runtime.ScrapeCache.Sweep(runtime.Head.Generation, keepGenerations: 10);
        }

        return new CollectionOutcome(failure, scraped, prepared?.Malformed ?? 0, prepared?.FirstErrors ?? [], result.Detail);
    }
}

/// <summary>How a stored collection went: the failure (null when up), the samples stored, malformed exposition lines.</summary>
internal sealed record CollectionOutcome(CollectionFailure? Failure, int Scraped, int Malformed, IReadOnlyList<string> FirstErrors, object? Detail);
