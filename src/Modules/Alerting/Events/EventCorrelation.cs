using System.Data.Common;
using Dapper;
using HospitalOps.Cmdb.Contracts;

namespace HospitalOps.Alerting.Events;

/// <summary>
/// Correlation over the CMDB: an event whose CI is down only because another CI is (a host behind a switch that is down,
/// a database on a storage array that is down) is attached to that CI's event instead of being notified on its own. Which
/// events say "this CI is down" is marked by the rule label <c>availability="down"</c> (the target-down, business check
/// and DICOM echo templates carry it); what depends on what, and whether redundancy keeps it up, is the CMDB's
/// availability analysis — a host behind two redundant switches is not down when one of them is, so its alert stands.
/// </summary>
internal sealed class EventCorrelation
{
    public const string Label = "availability";
    public const string Down = "down";

    private readonly Dictionary<long, AlertEventRow> _rootByCi;
    private readonly IReadOnlyDictionary<long, long> _causes;

    private EventCorrelation(Dictionary<long, AlertEventRow> rootByCi, IReadOnlyDictionary<long, long> causes)
    {
        _rootByCi = rootByCi;
        _causes = causes;
    }

    /// <summary>The open "down" events now and what their CIs' failure takes down with them.</summary>
    public static async Task<EventCorrelation> LoadAsync(DbConnection connection, ICmdbDirectory cmdb, CancellationToken ct)
    {
        var open = await connection.QueryAsync<AlertEventRow>(new CommandDefinition(
            $"SELECT {AlertEventRow.Columns} FROM alert_events WHERE state IN ('firing', 'acknowledged') AND ci_code IS NOT NULL AND labels LIKE @down ORDER BY first_seen, id",
            new { down = $"%\"{Label}\":\"{Down}\"%" }, cancellationToken: ct));
        var downs = open.Where(e => Rules.AlertRuleRow.Parse(e.Labels).GetValueOrDefault(Label) == Down).ToList();
        if (downs.Count == 0)
        {
            return new EventCorrelation([], new Dictionary<long, long>());
        }

        var facts = await cmdb.FactsByCodeAsync(downs.Select(d => d.CiCode!).Distinct(StringComparer.Ordinal).ToList(), ct);
        var rootByCi = new Dictionary<long, AlertEventRow>();
        foreach (var down in downs)
        {
            if (facts.TryGetValue(down.CiCode!, out var ci))
            {
                rootByCi.TryAdd(ci.Id, down);
            }
        }

        return new EventCorrelation(rootByCi, await cmdb.CausesAsync(rootByCi.Keys.ToList(), ct));
    }

    /// <summary>The event <paramref name="evt"/> (on <paramref name="ci"/>) belongs to, or null when it stands on its own.</summary>
    public AlertEventRow? RootOf(AlertEventRow evt, CiFacts? ci)
    {
        if (ci is null || !_causes.TryGetValue(ci.Id, out var cause))
        {
            return null;
        }

        // The explaining CI's own event, unless that one is in turn explained by another: follow the chain to its top.
        var seen = new HashSet<long> { ci.Id };
        while (_causes.TryGetValue(cause, out var further) && seen.Add(cause))
        {
            cause = further;
        }

        return _rootByCi.TryGetValue(cause, out var root) && root.Id != evt.Id ? root : null;
    }

    /// <summary>Attaches the event to its root: it stays visible under the root and is not notified separately.</summary>
    public static async Task AttachAsync(DbConnection connection, DbTransaction tx, long eventId, AlertEventRow root, long at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE alert_events SET parent_event_id = @root WHERE id = @eventId", new { root = root.Id, eventId }, tx, cancellationToken: ct));
        await EventTimeline.AddAsync(connection, tx, eventId, at, EventTimeline.Correlated, null, $"{root.Id}|{root.Title}", notify: false, ct);
        await EventTimeline.AddAsync(connection, tx, root.Id, at, EventTimeline.ChildAttached, null, eventId.ToString(System.Globalization.CultureInfo.InvariantCulture), notify: false, ct);
    }
}
