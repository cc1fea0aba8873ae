using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using HospitalOps.Monitoring.Targets;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Api;

/// <summary>A series: its id, metric name and labels.</summary>
public sealed record SeriesDto(long Id, string Metric, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Points of a series. Raw: t, value (a stale marker is left out: the series stopped there).
/// Rolled up: t (bucket start), min, max, avg, count.
/// </summary>
public sealed record SeriesDataDto(long Id, string Metric, IReadOnlyDictionary<string, string> Labels, string Resolution, IReadOnlyList<double[]> Points);

/// <summary>The latest value of a series of a target.</summary>
public sealed record LatestSampleDto(long SeriesId, string Metric, IReadOnlyDictionary<string, string> Labels, DateTimeOffset Time, double? Value, bool Stale);

/// <summary>
/// The history read API until the query language arrives: series by selector, their raw or
/// rolled-up points over a range, and the latest samples of a target.
/// </summary>
internal static class ReadHistory
{
    private const int MaxSeries = 200;

    internal static async Task<IResult> SeriesEndpoint(SeriesIndex index, string? match, int? limit, CancellationToken ct)
    {
        var matchers = SelectorParser.Parse(match);
        var found = await index.SelectAsync(matchers, Math.Clamp(limit ?? 1000, 1, 10_000), ct);
        return Results.Ok(found.Select(f => new SeriesDto(f.Id, f.Labels.Metric, f.Labels.Labels.ToDictionary(l => l.Name, l => l.Value))).ToList());
    }

    internal static async Task<IResult> RangeEndpoint(HttpContext context, SeriesIndex index, HistoryStore store, TimeProvider clock, string? match, long? from, long? to, string? resolution, CancellationToken ct)
    {
        var matchers = SelectorParser.Parse(match);
        var end = to ?? UnixMs.Now(clock);
        var start = from ?? end - 3_600_000;
        if (start > end || end - start > 5L * 366 * 86_400_000)
        {
            throw AppProblem.Invalid("from", "invalid_range");
        }

        var step = resolution switch
        {
            null or "" or "raw" => 0L,
            "5m" => Downsample.FiveMinutesMs,
            "1h" => Downsample.OneHourMs,
            "auto" => end - start <= 2 * 86_400_000L ? 0 : end - start <= 31 * 86_400_000L ? Downsample.FiveMinutesMs : Downsample.OneHourMs,
            _ => throw AppProblem.Invalid("resolution", "invalid_value"),
        };
        var series = await index.SelectAsync(matchers, MaxSeries + 1, ct);
        if (series.Count > MaxSeries)
        {
            throw AppProblem.Invalid("match", "too_many_series");
        }

        var ids = series.Select(s => s.Id).ToList();
        var raw = step == 0 ? await store.ReadRawAsync(ids, start, end, ct) : null;
        var rolled = step == 0 ? null : await store.ReadRollupsAsync(ids, start, end, step, ct);
        var result = new List<SeriesDataDto>();
        foreach (var (id, labels) in series)
        {
            IReadOnlyList<double[]> points = raw is not null
                ? raw[id].Where(s => !StaleMarker.Is(s.Value)).Select(s => new[] { s.TimestampMs, s.Value }).ToList()
                : rolled![id].Select(p => new[] { p.BucketStartMs, p.Min, p.Max, p.Average, p.Count }).ToList();

            result.Add(new SeriesDataDto(id, labels.Metric, labels.Labels.ToDictionary(l => l.Name, l => l.Value), step == 0 ? "raw" : resolution == "auto" ? (step == Downsample.FiveMinutesMs ? "5m" : "1h") : resolution!, points));
        }

        return Results.Ok(result);
    }

    internal static async Task<IResult> LatestEndpoint(long id, Databases databases, TargetRuntimes runtimes, HistoryStore store, SeriesIndex index, CancellationToken ct)
    {
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            _ = await TargetRow.FindAsync(connection, id) ?? throw AppProblem.NotFound();
        }

        var head = runtimes.Find(id)?.Head ?? await store.OpenHeadAsync(id, ct);
        var latest = store.Latest(head);
        var labels = await index.LabelsAsync(latest.Keys, ct);
        return Results.Ok(latest.Where(l => labels.ContainsKey(l.Key))
            .Select(l => new LatestSampleDto(l.Key, labels[l.Key].Metric, labels[l.Key].Labels.ToDictionary(x => x.Name, x => x.Value), UnixMs.ToTime(l.Value.TimestampMs),
                StaleMarker.Is(l.Value.Value) || double.IsNaN(l.Value.Value) || double.IsInfinity(l.Value.Value) ? null : l.Value.Value, StaleMarker.Is(l.Value.Value)))
            .OrderBy(l => l.Metric, StringComparer.Ordinal).ThenBy(l => string.Join(",", l.Labels.Select(x => x.Value)), StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>Collects a target now and stores the result, outside its schedule.</summary>
    internal static async Task<IResult> CollectNowEndpoint(HttpContext context, long id, Databases databases, TargetRuntimes runtimes, CollectionRunner runner, TargetOwnership ownership, CancellationToken ct)
    {
        TargetRow target;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            target = await TargetRow.FindAsync(connection, id) ?? throw AppProblem.NotFound();
        }

        var language = RequestLanguage.Of(context);
        if (!ownership.OwnedHere(id))
        {
            // Another node collects this target: its head is there, so this node only looks.
            var labels = (await runtimes.LabelsForAsync(target, ct)).ToArray();
            var (result, _) = await runner.CollectAsync(new TargetRuntime(target, labels, new TargetHead(target.Id)), ct);
            if (result.Body is { } body)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(body.Bytes);
            }

            return Results.Ok(new
            {
                success = result.Failure is null,
                errorCode = result.Failure?.Code,
                error = result.Failure is null ? null : ErrorCatalog.Message(result.Failure.Code, language, result.Failure.Args),
                samples = result.Samples.Samples.Count,
                malformed = 0,
                detail = result.Detail,
                stored = false,
            });
        }

        var runtime = await runtimes.ForTargetAsync(target, ct);
        var outcome = await runner.RunAsync(runtime, ct);
        return Results.Ok(new
        {
            success = outcome.Failure is null,
            errorCode = outcome.Failure?.Code,
            error = outcome.Failure is null ? null : ErrorCatalog.Message(outcome.Failure.Code, language, outcome.Failure.Args),
            samples = outcome.Scraped,
            malformed = outcome.Malformed,
            detail = outcome.Detail,
            stored = true,
        });
    }
}
