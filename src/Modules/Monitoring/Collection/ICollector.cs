using System.Text.Json.Nodes;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collection;

/// <summary>Collects one kind of target. Implementations never throw for what the peer does: they report a <see cref="CollectionFailure"/>.</summary>
internal interface ICollector
{
    string Kind { get; }

    Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct);
}

/// <summary>What a collector gets: the target, its decrypted secrets, its settings and the time it may take.</summary>
internal sealed record CollectionContext(TargetRow Target, IReadOnlyDictionary<string, string> Secrets, JsonObject Settings, TimeSpan Timeout);

/// <summary>What a collection produced: samples (possibly a raw exposition body for the scrape path) and the failure, if any.</summary>
internal sealed class CollectionResult
{
    public SampleBatch Samples { get; } = new();

    public CollectionFailure? Failure { get; set; }

    /// <summary>An exposition body to parse on the scrape ingest path (Prometheus targets).</summary>
    public Scrape.ScrapedBody? Body { get; set; }

    /// <summary>Kind-specific detail for "test now" and the UI (for example the running statements).</summary>
    public object? Detail { get; set; }

    public static CollectionResult Failed(CollectionFailure failure) => new() { Failure = failure };
}
