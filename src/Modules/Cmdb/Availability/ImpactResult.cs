namespace HospitalOps.Cmdb.Availability;

/// <summary>The outcome of one failure scenario; CIs not listed are up.</summary>
internal sealed class ImpactResult
{
    private readonly Dictionary<long, ImpactedCi> _byId;

    public ImpactResult(IReadOnlyList<ImpactedCi> affected, IReadOnlyList<ImpactedCi> businesses, IReadOnlyList<long> unknownIds)
    {
        Affected = affected;
        Businesses = businesses;
        UnknownIds = unknownIds;
        _byId = new Dictionary<long, ImpactedCi>(affected.Count);
        foreach (var ci in affected)
        {
            _byId[ci.Id] = ci;
        }
    }

    /// <summary>Every CI that is Down or Recoverable, failed CIs first, then by length of the reason path.</summary>
    public IReadOnlyList<ImpactedCi> Affected { get; }

    /// <summary>The affected CIs that are business systems.</summary>
    public IReadOnlyList<ImpactedCi> Businesses { get; }

    /// <summary>Failed ids that are not in the graph; they were ignored.</summary>
    public IReadOnlyList<long> UnknownIds { get; }

    public CiState StateOf(long id) => _byId.TryGetValue(id, out var ci) ? ci.State : CiState.Up;

    public ImpactedCi? Find(long id) => _byId.GetValueOrDefault(id);
}
