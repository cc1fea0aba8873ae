using HospitalOps.Cmdb.Availability;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Analysis;

public sealed record ImpactRequest(IReadOnlyList<long>? Failed);

public sealed record ImpactedCiDto(CiRef Ci, string State, bool Failed, IReadOnlyList<CiRef> Path, IReadOnlyList<CiRef> SwitchTo);

public sealed record ImpactResponse(IReadOnlyList<CiRef> Failed, IReadOnlyList<long> UnknownIds, IReadOnlyList<ImpactedCiDto> Affected, IReadOnlyList<ImpactedCiDto> Businesses);

/// <summary>
/// What-if: which CIs go down when these fail, which business systems are affected, and why
/// (the path from a failed CI); "recoverable" means down until someone switches to the named
/// cold standby.
/// </summary>
internal static class RunImpact
{
    private const int MaxFailed = 1000;

    internal static async Task<IResult> Endpoint(ImpactRequest request, GraphCache graphs, Databases databases, CancellationToken ct)
    {
        var failed = (request.Failed ?? []).Distinct().ToList();
        if (failed.Count == 0)
        {
            throw AppProblem.Invalid("failed", "required");
        }

        if (failed.Count > MaxFailed)
        {
            throw AppProblem.Invalid("failed", "too_long");
        }

        var graph = await graphs.GetAsync(ct);
        var result = graph.Impact(failed);
        var names = await CiNames.LoadAsync(databases, result.Affected.SelectMany(a => a.Path.Concat(a.SwitchTo).Append(a.Id)).Concat(failed), ct);
        ImpactedCiDto Dto(ImpactedCi ci) => new(names.Of(ci.Id), ci.State == CiState.Down ? "down" : "recoverable", ci.Failed,
            ci.Path.Select(names.Of).ToList(), ci.SwitchTo.Select(names.Of).ToList());
        return Results.Ok(new ImpactResponse(
            failed.Where(names.ContainsKey).Select(names.Of).ToList(), result.UnknownIds,
            result.Affected.Select(Dto).ToList(), result.Businesses.Select(Dto).ToList()));
    }
}
