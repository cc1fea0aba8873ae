using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Analysis;
using HospitalOps.Cmdb.Availability;
using HospitalOps.Cmdb.Cis;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Directory;

/// <summary>
/// The CMDB's answer to other modules. Business systems of a CI are those that reach it through
/// availability relations (needs, membership, standby): the same paths the impact analysis follows.
/// </summary>
internal sealed class CmdbDirectory(Databases databases, GraphCache graphs, SaveCi saveCi) : ICmdbDirectory
{
    private const int MaxExplainedFailures = 500;

    public async Task<IReadOnlyDictionary<long, CiFacts>> FactsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<long, CiFacts>();
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = new List<CiRow>();
        foreach (var slice in ids.Distinct().Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("id", slice, args);
            rows.AddRange(await connection.QueryAsync<CiRow>(new CommandDefinition($"{CmdbStore.CiSelect} WHERE id IN {clause}", args, cancellationToken: ct)));
        }

        return (await DescribeAsync(connection, rows, ct)).ToDictionary(f => f.Id);
    }

    public async Task<IReadOnlyDictionary<string, CiFacts>> FactsByCodeAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return new Dictionary<string, CiFacts>(StringComparer.Ordinal);
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = new List<CiRow>();
        foreach (var slice in codes.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("code", slice, args);
            rows.AddRange(await connection.QueryAsync<CiRow>(new CommandDefinition($"{CmdbStore.CiSelect} WHERE code IN {clause}", args, cancellationToken: ct)));
        }

        return (await DescribeAsync(connection, rows, ct)).ToDictionary(f => f.Code, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<TypicalFault>> TypicalFaultsAsync(long businessId, CancellationToken ct)
    {
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT type_code FROM cmdb_cis WHERE id = @businessId", new { businessId }, cancellationToken: ct)) != "business")
            {
                return [];
            }
        }

        var sets = (await graphs.GetAsync(ct)).MinimalCutSets(businessId, 2);
        var names = await CiNames.LoadAsync(databases, sets.SelectMany(s => s.CiIds), ct);
        return sets
            .OrderBy(s => s.CiIds.Count).ThenBy(s => s.Result == CiState.Down ? 0 : 1)
            .Select(s => new TypicalFault(s.CiIds.Select(id => names.TryGetValue(id, out var n) ? new CiName(n.Id, n.Code, n.Name) : new CiName(id, id.ToString(CultureInfo.InvariantCulture), "")).ToList(),
                s.Result == CiState.Down ? "down" : "recoverable"))
            .ToList();
    }

    public async Task<IReadOnlyDictionary<long, long>> CausesAsync(IReadOnlyCollection<long> failedIds, CancellationToken ct)
    {
        if (failedIds.Count == 0)
        {
            return new Dictionary<long, long>();
        }

        var graph = await graphs.GetAsync(ct);
        var failed = failedIds.Distinct().ToList();
        var causes = graph.Impact(failed).Affected.Where(a => !a.Failed && a.Path.Count > 0).ToDictionary(a => a.Id, a => a.Path[0]);

        // A failed CI is explained by the others when their failure alone takes it down. One what-if per failed CI; a storm
        // of more than MaxExplainedFailures failed CIs is explained for the first ones only, to bound the work.
        foreach (var id in failed.Take(MaxExplainedFailures))
        {
            var others = failed.Where(f => f != id).ToList();
            if (others.Count > 0 && graph.Impact(others).Find(id) is { Failed: false, Path.Count: > 0 } explained)
            {
                causes[id] = explained.Path[0];
            }
        }

        return causes;
    }

    public async Task<FailureImpact> ImpactAsync(IReadOnlyCollection<long> ciIds, CancellationToken ct)
    {
        if (ciIds.Count == 0)
        {
            return new FailureImpact([], []);
        }

        var result = (await graphs.GetAsync(ct)).Impact(ciIds.Distinct().ToList());
        var names = await CiNames.LoadAsync(databases, result.Affected.Select(a => a.Id), ct);
        var systems = await FactsAsync(result.Businesses.Select(b => b.Id).ToList(), ct);
        ImpactedItem Item(ImpactedCi ci)
        {
            var name = names.Of(ci.Id);
            var level = systems.TryGetValue(ci.Id, out var system) && system.Attributes.TryGetValue("level", out var text)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (int?)n : null;
            return new ImpactedItem(ci.Id, name.Code, name.Name, name.Type, ci.State == CiState.Down ? "down" : "recoverable", ci.Failed, ci.IsBusiness ? level : null);
        }

        return new FailureImpact(
            result.Affected.Select(Item).ToList(),
            result.Businesses.Select(Item).OrderBy(b => b.Level ?? int.MaxValue).ThenBy(b => b.Code, StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<CiMaintainer>>> MaintainersAsync(IReadOnlyCollection<long> ciIds, CancellationToken ct)
    {
        var facts = await FactsAsync(ciIds, ct);
        var targets = facts.Values.SelectMany(f => f.BusinessSystems.Select(b => b.Id).Append(f.Id)).Distinct().ToList();
        if (targets.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<CiMaintainer>>();
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = new List<(long TargetId, CiRow Maintainer)>();
        foreach (var slice in targets.Chunk(500))
        {
            var found = await connection.QueryAsync<CiRow, long, (long, CiRow)>(new CommandDefinition(
                $"SELECT c.id, c.type_code AS TypeCode, c.code, c.name, c.attributes, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt, c.version, r.target_id AS TargetId " +
                $"FROM cmdb_relations r JOIN cmdb_cis c ON c.id = r.source_id WHERE r.type_code = 'maintains' AND r.target_id IN {SqlIn.List("t", slice, new DynamicParameters())}",
                cancellationToken: ct), (ci, target) => (target, ci), splitOn: "TargetId");
            rows.AddRange(found);
        }

        var byTarget = rows.ToLookup(r => r.TargetId, r => r.Maintainer);
        var result = new Dictionary<long, IReadOnlyList<CiMaintainer>>();
        foreach (var ci in facts.Values)
        {
            var list = byTarget[ci.Id].Select(m => Maintainer(m, null))
                .Concat(ci.BusinessSystems.SelectMany(b => byTarget[b.Id].Select(m => Maintainer(m, b))))
                .DistinctBy(m => m.Id).ToList();
            result[ci.Id] = list;
        }

        return result;
    }

    private static CiMaintainer Maintainer(CiRow row, BusinessRef? via)
    {
        var a = row.AttributeObject;
        return new CiMaintainer(row.Id, row.Code, row.Name, row.TypeCode, Text(a["phone"]), Text(a["email"]), Text(a["hotline"]), Text(a["contact"]), Text(a["userName"]), via);
    }

    public async Task<IReadOnlyList<CiFacts>> SelectAsync(CiSelector selector, CancellationToken ct)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(selector.Type))
        {
            where.Add("type_code = @type");
            args.Add("type", selector.Type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(selector.Query))
        {
            where.Add($"(lower(name) LIKE @q{SqlLike.Escape} OR lower(code) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(selector.Query.Trim().ToLowerInvariant()));
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        var rows = (await connection.QueryAsync<CiRow>(new CommandDefinition($"{CmdbStore.CiSelect} {clause} ORDER BY id", args, cancellationToken: ct))).ToList();
        if (selector.Attributes is { Count: > 0 } wanted)
        {
            rows = rows.Where(r =>
            {
                var attributes = r.AttributeObject;
                return wanted.All(w => string.Equals(Text(attributes[w.Key]), w.Value, StringComparison.OrdinalIgnoreCase));
            }).ToList();
        }

        var facts = await DescribeAsync(connection, rows, ct);
        if (selector.BusinessId is { } business)
        {
            facts = facts.Where(f => f.Id == business || f.BusinessSystems.Any(b => b.Id == business)).ToList();
        }

        return facts.Take(Math.Clamp(selector.Limit, 1, 20_000)).ToList();
    }

    public Task<BusinessGraph> BusinessGraphAsync(CancellationToken ct) => BusinessGraphReader.ReadAsync(databases, ct);

    public async Task<CiFacts> RecordDiscoveryAsync(DiscoveredHost host, string source, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await FindHostAsync(connection, tx, host);
        var attributes = existing?.AttributeObject ?? [];
        var before = attributes.ToJsonString();
        attributes["hostname"] = host.HostName;
        attributes["os"] = host.Os;
        attributes["version"] = host.OsVersion;
        attributes["kernel"] = host.Kernel;
        attributes["cpus"] = (double)host.Cpus;
        attributes["memoryGb"] = Math.Round(host.MemoryGb, 1);
        attributes["fileSystems"] = string.Join("; ", host.FileSystems);
        attributes["ipAddresses"] = string.Join(", ", host.IpAddresses);
        if (host.IpAddresses.Count > 0 && attributes["ip"] is null)
        {
            attributes["ip"] = host.IpAddresses[0];
        }

        CiRow row;
        if (existing is not null && attributes.ToJsonString() == before)
        {
            row = existing;
        }
        else
        {
            var code = existing?.Code ?? await FreeCodeAsync(connection, tx, "host-" + Sanitize(host.HostName));
            var request = new SaveCiRequest("os-instance", code, existing?.Name ?? host.HostName, attributes, existing?.Version);
            var saved = await saveCi.SaveAsync(connection, tx, Kernel.Security.CurrentUser.System(source), existing, request, ct);
            row = (await CmdbStore.CiAsync(connection, saved.Id, tx))!;
        }

        await tx.CommitAsync(ct);
        return (await DescribeAsync(connection, [row], ct))[0];
    }

    private static async Task<CiRow?> FindHostAsync(DbConnection c, DbTransaction tx, DiscoveredHost host)
    {
        if (host.CiId is { } id && await CmdbStore.CiAsync(c, id, tx) is { TypeCode: "os-instance" } own)
        {
            return own;
        }

        var candidates = await c.QueryAsync<CiRow>($"{CmdbStore.CiSelect} WHERE type_code = 'os-instance'", transaction: tx);
        return candidates.FirstOrDefault(r => string.Equals(Text(r.AttributeObject["hostname"]), host.HostName, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<string> FreeCodeAsync(DbConnection c, DbTransaction tx, string code)
    {
        var candidate = code;
        for (var n = 2; await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_cis WHERE code = @candidate", new { candidate }, tx) > 0; n++)
        {
            candidate = code + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '-').Take(90).ToArray();
        return chars.Length == 0 ? "unknown" : new string(chars);
    }

    private async Task<List<CiFacts>> DescribeAsync(DbConnection c, IReadOnlyList<CiRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var graph = await graphs.GetAsync(ct);
        var businessIds = new Dictionary<long, List<long>>();
        foreach (var row in rows)
        {
            businessIds[row.Id] = BusinessSystemsOf(graph, row.Id);
        }

        var allBusiness = businessIds.Values.SelectMany(b => b).Distinct().ToList();
        var business = new Dictionary<long, BusinessRef>();
        foreach (var slice in allBusiness.Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("id", slice, args);
            foreach (var b in await c.QueryAsync<(long Id, string Code, string Name)>($"SELECT id, code, name FROM cmdb_cis WHERE id IN {clause}", args))
            {
                business[b.Id] = new BusinessRef(b.Id, b.Code, b.Name);
            }
        }

        var zones = new Dictionary<long, string>();
        foreach (var slice in rows.Select(r => r.Id).Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("id", slice, args);
            var sql = $"SELECT r.source_id, z.name FROM cmdb_relations r JOIN cmdb_cis z ON z.id = r.target_id WHERE r.type_code = 'located-in' AND r.source_id IN {clause}";
            foreach (var (source, zone) in await c.QueryAsync<(long Source, string Zone)>(sql, args))
            {
                zones.TryAdd(source, zone);
            }
        }

        var secretAttributes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in rows.Select(r => r.TypeCode).Distinct(StringComparer.Ordinal))
        {
            var schema = (await CmdbStore.TypeAsync(c, type))?.Schema ?? [];
            secretAttributes[type] = schema.Where(a => a.Type == "secret").Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        }

        return rows.Select(r => new CiFacts(
            r.Id, r.Code, r.Name, r.TypeCode,
            businessIds[r.Id].Where(business.ContainsKey).Select(b => business[b]).OrderBy(b => b.Code, StringComparer.Ordinal).ToList(),
            zones.GetValueOrDefault(r.Id),
            PlainAttributes(r.AttributeObject, secretAttributes[r.TypeCode]))).ToList();
    }

    /// <summary>Business systems upstream of a CI: who needs it, the clusters it serves in, the primaries it stands by for.</summary>
    private static List<long> BusinessSystemsOf(AvailabilityGraph graph, long id)
    {
        var found = new List<long>();
        if (!graph.TryGetIndex(id, out var start))
        {
            return found;
        }

        var seen = new HashSet<int> { start };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            if (graph.IsBusiness[v] && v != start)
            {
                found.Add(graph.Ids[v]);
            }

            Visit(graph.DependantsOf(v));
            Visit(graph.ClustersOf(v));
            Visit(graph.PrimariesTargets.AsSpan(graph.PrimariesStart[v], graph.PrimariesStart[v + 1] - graph.PrimariesStart[v]));
        }

        return found;

        void Visit(ReadOnlySpan<int> next)
        {
            foreach (var n in next)
            {
                if (seen.Add(n))
                {
                    queue.Enqueue(n);
                }
            }
        }
    }

    /// <summary>Attribute values as text; secrets never leave the CMDB through this view.</summary>
    private static Dictionary<string, string> PlainAttributes(JsonObject attributes, HashSet<string> secrets)
    {
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (!secrets.Contains(name) && value is JsonValue v && Text(v) is { } text)
            {
                plain[name] = text;
            }
        }

        return plain;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => null,
    };
}
