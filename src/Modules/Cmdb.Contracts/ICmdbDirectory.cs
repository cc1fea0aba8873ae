namespace HospitalOps.Cmdb.Contracts;

/// <summary>
/// What the CMDB tells other modules about configuration items, and the one write they may ask
/// for: recording what discovery found on a server. Scoped: resolve it inside a DI scope.
/// </summary>
public interface ICmdbDirectory
{
    /// <summary>The facts of each CI that exists among <paramref name="ids"/>; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, CiFacts>> FactsAsync(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>The facts of each CI whose code is among <paramref name="codes"/> (the <c>ci</c> label of series and alerts), by code.</summary>
    Task<IReadOnlyDictionary<string, CiFacts>> FactsByCodeAsync(IReadOnlyCollection<string> codes, CancellationToken ct);

    /// <summary>
    /// For each CI that is down (or down until a manual switch-over) because of the other CIs in <paramref name="failedIds"/>,
    /// the failed CI that explains it, by the CMDB's availability rules (redundancy and standbys taken into account). A CI
    /// of the failed set is listed too when the others' failure alone takes it down (a host that is unreachable itself
    /// and sits behind a switch that is down).
    /// </summary>
    Task<IReadOnlyDictionary<long, long>> CausesAsync(IReadOnlyCollection<long> failedIds, CancellationToken ct);

    /// <summary>
    /// What goes down if every CI in <paramref name="ciIds"/> went down at once (planned work, a what-if): the CIs affected, by
    /// the CMDB's availability rules (redundancy and standbys taken into account), and the business systems among them with
    /// their levels. Ids the CMDB does not know are left out.
    /// </summary>
    Task<FailureImpact> ImpactAsync(IReadOnlyCollection<long> ciIds, CancellationToken ct);

    /// <summary>
    /// Who maintains each CI in <paramref name="ciIds"/>: the people, teams and vendors with a <c>maintains</c> relation to
    /// it or to a business system that needs it, with their phone, e-mail and hotline.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<CiMaintainer>>> MaintainersAsync(IReadOnlyCollection<long> ciIds, CancellationToken ct);

    /// <summary>
    /// The typical faults (典型故障) of a business system: the minimal sets of one or two CI failures that take it down
    /// (<c>down</c>) or down until someone switches over to a standby (<c>recoverable</c>); empty when the id is no business system.
    /// </summary>
    Task<IReadOnlyList<TypicalFault>> TypicalFaultsAsync(long businessId, CancellationToken ct);

    /// <summary>The CIs a selector matches ("every Linux server of HIS"), at most <see cref="CiSelector.Limit"/>.</summary>
    Task<IReadOnlyList<CiFacts>> SelectAsync(CiSelector selector, CancellationToken ct);

    /// <summary>
    /// Every business system with its level, and which business systems each one relies on: through an interface another
    /// provides (the consumer relies on the provider) or through a direct availability relation between their parts.
    /// Shared infrastructure (one database server under two systems) is not a relation between them.
    /// </summary>
    Task<BusinessGraph> BusinessGraphAsync(CancellationToken ct);

    /// <summary>
    /// Creates or updates the operating-system instance a discovery found, recording the change
    /// in the CI's history under <paramref name="source"/>. Unchanged facts write nothing.
    /// </summary>
    Task<CiFacts> RecordDiscoveryAsync(DiscoveredHost host, string source, CancellationToken ct);
}

/// <summary>A CI as other modules see it: identity, type, the business systems that depend on it and its network zone.</summary>
public sealed record CiFacts(
    long Id,
    string Code,
    string Name,
    string Type,
    IReadOnlyList<BusinessRef> BusinessSystems,
    string? Zone,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>A maintainer of a CI: person, team or vendor, how to reach them, and through which CI (the CI itself or a business system).</summary>
public sealed record CiMaintainer(long Id, string Code, string Name, string Type, string? Phone, string? Email, string? Hotline, string? Contact, string? UserName, BusinessRef? Via);

/// <summary>The business systems and the relations among them.</summary>
public sealed record BusinessGraph(IReadOnlyList<BusinessSystemNode> Systems, IReadOnlyList<BusinessLink> Links);

/// <summary>A business system; <see cref="Level"/> is its system level (1 most critical) when recorded.</summary>
public sealed record BusinessSystemNode(long Id, string Code, string Name, int? Level);

/// <summary>
/// <see cref="FromId"/> relies on <see cref="ToId"/>: <see cref="Kind"/> is <c>interface</c> (with the interface's id and name)
/// or <c>depends</c> (a direct relation between the two systems or their parts).
/// </summary>
public sealed record BusinessLink(long FromId, long ToId, string Kind, long? InterfaceId, string? InterfaceName);
/// <summary>The outcome of a what-if: the affected CIs (the failed ones included) and the affected business systems, most critical first.</summary>
public sealed record FailureImpact(IReadOnlyList<ImpactedItem> Cis, IReadOnlyList<ImpactedItem> BusinessSystems);

/// <summary>
/// A CI that is not fully up in a what-if: <see cref="State"/> is <c>down</c> or <c>recoverable</c> (down until someone switches
/// over to a standby); <see cref="Failed"/> when it is one of the CIs named; <see cref="Level"/> is a business system's level (1 most critical).
/// </summary>
public sealed record ImpactedItem(long Id, string Code, string Name, string Type, string State, bool Failed, int? Level);

/// <summary>A set of CI failures that takes a business system down; <see cref="Result"/> is <c>down</c> or <c>recoverable</c>.</summary>
public sealed record TypicalFault(IReadOnlyList<CiName> Cis, string Result);

/// <summary>A CI by id, code and name.</summary>
public sealed record CiName(long Id, string Code, string Name);

/// <summary>A business system (业务系统) by id, code and name.</summary>
public sealed record BusinessRef(long Id, string Code, string Name);

/// <summary>
/// Which CIs: of a type, needed (directly or through other CIs) by a business system, with
/// attributes equal to the given values, and whose code or name contains <see cref="Query"/>.
/// </summary>
public sealed record CiSelector(string? Type, long? BusinessId, IReadOnlyDictionary<string, string>? Attributes, string? Query, int Limit = 5000);

/// <summary>What a node_exporter (or similar agent) reports about its host.</summary>
public sealed record DiscoveredHost(
    long? CiId,
    string HostName,
    string Os,
    string OsVersion,
    string Kernel,
    int Cpus,
    double MemoryGb,
    IReadOnlyList<string> FileSystems,
    IReadOnlyList<string> IpAddresses);
