using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Directory;

/// <summary>
/// The business systems and which relies on which. A system owns itself and what it is composed of (applications, subsystems,
/// transitively); it relies on another system when one of its parts consumes an interface a part of the other provides, or when
/// one of its parts stands directly on a part of the other (depends-on, uses, …). Relations into shared infrastructure are
/// not followed: two systems on one database server do not rely on each other.
/// </summary>
internal static class BusinessGraphReader
{
    private sealed record Edge(string TypeCode, long SourceId, long TargetId, string Availability);

    public static async Task<BusinessGraph> ReadAsync(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var systems = (await connection.QueryAsync<(long Id, string Code, string Name, string Attributes)>(new CommandDefinition(
            "SELECT id, code, name, attributes FROM cmdb_cis WHERE type_code = 'business' ORDER BY code", cancellationToken: ct)))
            .Select(s => new BusinessSystemNode(s.Id, s.Code, s.Name, LevelOf(s.Attributes))).ToList();
        var edges = (await connection.QueryAsync<Edge>(new CommandDefinition(
            """
            SELECT r.type_code AS TypeCode, r.source_id AS SourceId, r.target_id AS TargetId, t.availability AS Availability
            FROM cmdb_relations r JOIN cmdb_relation_types t ON t.code = r.type_code WHERE t.availability IN ('needs', 'needed-by')
            """, cancellationToken: ct))).ToList();
        var interfaces = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM cmdb_cis WHERE type_code = 'interface'", cancellationToken: ct))).ToDictionary(i => i.Id, i => i.Name);
        return Build(systems, edges.Select(e => (e.TypeCode, e.SourceId, e.TargetId, e.Availability)).ToList(), interfaces);
    }

    /// <summary>The graph from the business systems, the availability relations (type, source, target, availability) and the interfaces by id.</summary>
    internal static BusinessGraph Build(IReadOnlyList<BusinessSystemNode> systems, IReadOnlyList<(string Type, long Source, long Target, string Availability)> relations,
        IReadOnlyDictionary<long, string> interfaces)
    {
        var partsOf = new Dictionary<long, List<long>>();
        foreach (var r in relations.Where(r => r.Type == "composed-of"))
        {
            (partsOf.TryGetValue(r.Source, out var list) ? list : partsOf[r.Source] = []).Add(r.Target);
        }

        // Which systems own each CI: a system, and what it is composed of, transitively.
        var owners = new Dictionary<long, HashSet<long>>();
        foreach (var system in systems)
        {
            var seen = new HashSet<long> { system.Id };
            var queue = new Queue<long>([system.Id]);
            while (queue.Count > 0)
            {
                var ci = queue.Dequeue();
                (owners.TryGetValue(ci, out var set) ? set : owners[ci] = []).Add(system.Id);
                foreach (var part in partsOf.GetValueOrDefault(ci) ?? [])
                {
                    if (seen.Add(part))
                    {
                        queue.Enqueue(part);
                    }
                }
            }
        }

        // "x stands on y", whichever way the relation is stored.
        var standsOn = relations.Where(r => r.Type != "composed-of")
            .Select(r => r.Availability == "needed-by" ? (From: r.Target, To: r.Source) : (From: r.Source, To: r.Target)).Distinct().ToList();
        var links = new HashSet<BusinessLink>();
        foreach (var (from, to) in standsOn)
        {
            if (interfaces.ContainsKey(to) || interfaces.ContainsKey(from))
            {
                continue;
            }

            foreach (var a in owners.GetValueOrDefault(from) ?? [])
            {
                foreach (var b in owners.GetValueOrDefault(to) ?? [])
                {
                    if (a != b)
                    {
                        links.Add(new BusinessLink(a, b, "depends", null, null));
                    }
                }
            }
        }

        foreach (var (id, name) in interfaces)
        {
            var consumers = standsOn.Where(e => e.To == id).SelectMany(e => owners.GetValueOrDefault(e.From) ?? []).ToHashSet();
            var providers = standsOn.Where(e => e.From == id).SelectMany(e => owners.GetValueOrDefault(e.To) ?? []).ToHashSet();
            foreach (var a in consumers)
            {
                foreach (var b in providers.Where(b => b != a))
                {
                    links.Add(new BusinessLink(a, b, "interface", id, name));
                }
            }
        }

        return new BusinessGraph(systems, links.OrderBy(l => l.FromId).ThenBy(l => l.ToId).ThenBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.InterfaceId).ToList());
    }

    private static int? LevelOf(string attributes)
    {
        var level = JsonNode.Parse(attributes)?["level"];
        return level switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
            _ => null,
        };
    }
}
