using System.Text.Json.Nodes;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Scrape;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Targets;

/// <summary>A sample as "test now" shows it: the series in text form and its value.</summary>
public sealed record TestSampleDto(string Series, double Value);

/// <summary>What a collection would bring: success or the error in words, the time it took, the samples (at most 500 shown).</summary>
public sealed record TestResultDto(bool Success, string? ErrorCode, string? Error, double DurationMs, int SampleCount, int Malformed, IReadOnlyList<string> MalformedLines, IReadOnlyList<TestSampleDto> Samples, object? Detail);

/// <summary>
/// "Test now": collects once from a target (saved, or a definition being edited) and shows what
/// would be stored, without storing it.
/// </summary>
internal static class TestTarget
{
    private const int Shown = 500;

    internal static async Task<IResult> SavedEndpoint(HttpContext context, long id, Databases databases, CollectionRunner runner, TargetRuntimes runtimes, CancellationToken ct)
    {
        TargetRow target;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            target = await TargetRow.FindAsync(connection, id) ?? throw AppProblem.NotFound();
        }

        var runtime = new TargetRuntime(target, await runtimes.LabelsForAsync(target, ct), new TargetHead(target.Id));
        return Results.Ok(await RunAsync(runner, runtime, RequestLanguage.Of(context), ct));
    }

    internal static async Task<IResult> DraftEndpoint(HttpContext context, SaveTargetRequest request, CollectionRunner runner, ISecretProtector secrets, CancellationToken ct)
    {
        var kind = TargetKind.Find(request.Kind) ?? throw AppProblem.Invalid("kind", string.IsNullOrWhiteSpace(request.Kind) ? "required" : "unknown_target_kind");
        var address = request.Address?.Trim() ?? string.Empty;
        if (kind.CheckAddress(address) is { } addressError)
        {
            throw AppProblem.Invalid("address", addressError);
        }

        var settings = request.Settings ?? [];
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        kind.CheckSettings(settings, errors);
        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var secret = request.Secrets is { Count: > 0 } given
            ? secrets.Protect(System.Text.Json.JsonSerializer.Serialize(given.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value!)))
            : null;
        var timeoutMs = (int)Math.Clamp((request.TimeoutSeconds ?? 10) * 1000, 100, 60_000);
        var target = new TargetRow
        {
            Kind = kind.Code, Name = request.Name ?? "test", Address = address, IntervalMs = 60_000, TimeoutMs = timeoutMs, Enabled = true,
            Settings = settings.ToJsonString(), Secret = secret, Labels = System.Text.Json.JsonSerializer.Serialize(request.Labels ?? []),
        };
        var runtime = new TargetRuntime(target, TargetRuntime.LabelsFor(target, null), new TargetHead(0));
        return Results.Ok(await RunAsync(runner, runtime, RequestLanguage.Of(context), ct));
    }

    private static async Task<TestResultDto> RunAsync(CollectionRunner runner, TargetRuntime runtime, string language, CancellationToken ct)
    {
        var (result, elapsed) = await runner.CollectAsync(runtime, ct);
        var samples = new List<TestSampleDto>();
        var count = 0;
        var malformed = 0;
        var malformedLines = new List<string>();
        var failure = result.Failure;
        if (result.Body is { } body)
        {
            try
            {
                var reader = new ExpositionReader(body.Span, body.OpenMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText);
                var relabeler = MetricRelabeler.TryCreate(ScrapeIngest.ReadRules(runtime.Target.SettingsObject), out var r, out _) ? r : MetricRelabeler.None;
                var honor = runtime.Target.SettingsObject.Bool("honorLabels") == true;
                var targetLabels = runtime.Labels.ToArray();
                while (reader.Next(out var entry))
                {
                    if (entry.Kind == ExpositionEntryKind.Error)
                    {
                        malformed++;
                        if (malformedLines.Count < 10)
                        {
                            malformedLines.Add($"{entry.Line}: {entry.Reason}");
                        }
                    }
                    else if (entry.Kind == ExpositionEntryKind.Sample)
                    {
                        var relabelled = relabeler.Apply(HonorLabels.Merge(entry.ToLabels(includeName: true), targetLabels, honor));
                        if (relabelled.Labels is not { } labels)
                        {
                            continue;
                        }

                        count++;
                        if (samples.Count < Shown)
                        {
                            var name = labels.FirstOrDefault(l => l.Name == SeriesLabels.MetricLabel).Value ?? string.Empty;
                            samples.Add(new TestSampleDto(SeriesLabels.Of(name, labels).Text, entry.Value));
                        }
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(body.Bytes);
            }
        }

        foreach (var s in result.Samples.Samples)
        {
            count++;
            if (samples.Count < Shown)
            {
                samples.Add(new TestSampleDto(SeriesLabels.Of(s.Metric, runtime.Labels.Concat(s.Labels)).Text, s.Value));
            }
        }

        return new TestResultDto(failure is null, failure?.Code, failure is null ? null : ErrorCatalog.Message(failure.Code, language, failure.Args),
            elapsed.TotalMilliseconds, count, malformed, malformedLines, samples, result.Detail);
    }
}
