using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Changes;

/// <summary>A CI or business system a change may take down: <c>down</c>, or <c>recoverable</c> (until someone switches over to a standby).</summary>
public sealed record ImpactEntryDto(long Id, string Code, string Name, string Type, string State, bool Named, int? Level);

/// <summary>
/// The impact set (影响范围) of a change: what the CMDB says goes down if the CIs it names go down, the business systems most
/// critical first, with the counts an approver reads first.
/// </summary>
public sealed record ImpactSetDto(
    IReadOnlyList<ImpactEntryDto> BusinessSystems,
    IReadOnlyList<ImpactEntryDto> Cis,
    int BusinessSystemCount,
    int LevelOneCount,
    int CiCount,
    DateTimeOffset At);

internal static class ImpactSet
{
    public static async Task<ImpactSetDto> OfAsync(ICmdbDirectory cmdb, IReadOnlyCollection<long> ciIds, DateTimeOffset at, CancellationToken ct)
    {
        var impact = await cmdb.ImpactAsync(ciIds, ct);
        static ImpactEntryDto Entry(ImpactedItem i) => new(i.Id, i.Code, i.Name, i.Type, i.State, i.Failed, i.Level);
        var systems = impact.BusinessSystems.Select(Entry).ToList();
        var cis = impact.Cis.Where(c => c.Type != "business").Select(Entry).ToList();
        return new ImpactSetDto(systems, cis, systems.Count, systems.Count(s => s.Level == 1), cis.Count, at);
    }

    public static async Task<List<long>> CiIdsAsync(DbConnection connection, DbTransaction? tx, long ticketId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition("SELECT ci_id FROM sd_ticket_cis WHERE ticket_id = @ticketId ORDER BY ci_id", new { ticketId }, tx, cancellationToken: ct))).ToList();

    /// <summary>Whether two impact sets name the same CIs and systems in the same states (when they were taken does not count).</summary>
    public static bool Same(ImpactSetDto a, ImpactSetDto b) =>
        Keys(a.BusinessSystems).SequenceEqual(Keys(b.BusinessSystems)) && Keys(a.Cis).SequenceEqual(Keys(b.Cis));

    private static IEnumerable<string> Keys(IEnumerable<ImpactEntryDto> entries) =>
        entries.Select(e => $"{e.Id}:{e.State}:{e.Level}").Order(StringComparer.Ordinal);

    public static string Json(ImpactSetDto set) => JsonSerializer.Serialize(set, WorkflowJson.Options);

    public static ImpactSetDto? Parse(string json) => JsonSerializer.Deserialize<ImpactSetDto>(json, WorkflowJson.Options);
}
