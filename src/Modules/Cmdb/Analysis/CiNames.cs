using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Analysis;

/// <summary>A CI as analyses name it in their answers.</summary>
public sealed record CiRef(long Id, string Code, string Name, string Type);

/// <summary>Looks up names for the ids an analysis returns, in one query.</summary>
internal static class CiNames
{
    public static async Task<Dictionary<long, CiRef>> LoadAsync(Databases databases, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var result = new Dictionary<long, CiRef>();
        await using var connection = await databases.Config.OpenAsync(ct);
        foreach (var chunk in wanted.Chunk(500))
        {
            var args = new DynamicParameters();
            var rows = await connection.QueryAsync<(long Id, string Code, string Name, string TypeCode)>(
                $"SELECT id, code, name, type_code FROM cmdb_cis WHERE id IN {SqlIn.List("id", chunk, args)}", args);
            foreach (var r in rows)
            {
                result[r.Id] = new CiRef(r.Id, r.Code, r.Name, r.TypeCode);
            }
        }

        return result;
    }

    public static CiRef Of(this Dictionary<long, CiRef> names, long id) =>
        names.TryGetValue(id, out var r) ? r : new CiRef(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "?", "?");
}
