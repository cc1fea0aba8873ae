using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Storage;

/// <summary>Where the engine reads series from: the history store in the product, an in-memory set in tests.</summary>
public interface ISeriesSource
{
    /// <summary>
    /// Every series whose labels satisfy all matchers, each with its samples in [MinT, MaxT] in ascending time
    /// (stale markers included). The engine asks once per selector, before evaluating.
    /// </summary>
    Task<IReadOnlyList<SeriesData>> SelectAsync(SelectRequest request, CancellationToken ct);
}

/// <summary>
/// One selector's read. <see cref="Function"/> and <see cref="RangeMs"/> are hints (the enclosing function and the
/// range of a range selector) a source may use to choose rollups; <see cref="StepMs"/> is 0 for an instant query.
/// </summary>
public sealed record SelectRequest(IReadOnlyList<Matcher> Matchers, long MinT, long MaxT, long StepMs = 0, string? Function = null, long RangeMs = 0);

public sealed record SeriesData(Labels Labels, Sample[] Samples);
