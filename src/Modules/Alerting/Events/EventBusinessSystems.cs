using HospitalOps.Cmdb.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Events;

/// <summary>
/// The business systems each event's CI serves, asked of the CMDB once per answer (all the CI codes together), so the
/// event list can be grouped by business system. An event without a CI, or whose CI the CMDB does not know, serves none.
/// </summary>
internal static class EventBusinessSystems
{
    public static async Task<IReadOnlyList<AlertEventDto>> AttachAsync(IReadOnlyList<AlertEventDto> events, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var codes = events.Select(e => e.CiCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyDictionary<string, CiFacts> facts = new Dictionary<string, CiFacts>(StringComparer.Ordinal);
        if (codes.Count > 0)
        {
            await using var services = scopes.CreateAsyncScope();
            facts = await services.ServiceProvider.GetRequiredService<ICmdbDirectory>().FactsByCodeAsync(codes, ct);
        }

        return events.Select(e => e with { BusinessSystems = e.CiCode is { } code && facts.TryGetValue(code, out var ci) ? ci.BusinessSystems : [] }).ToList();
    }
}
