using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Model;

/// <summary>One change of one attribute (or of the name/code), as the history shows it.</summary>
public sealed record AttributeChange(string Field, JsonNode? Before, JsonNode? After);

/// <summary>
/// Writes a CI's history row in the change's transaction: who, when, what changed, and the full
/// snapshot after the change (what "as of" reads return). Secrets appear only as "changed".
/// </summary>
internal static class CiHistoryWriter
{
    public static async Task RecordAsync(DbConnection c, DbTransaction tx, long ciId, int version, long at, string userName, string action, IReadOnlyList<AttributeChange> changes, JsonObject? snapshot)
    {
        await c.ExecuteAsync(
            "INSERT INTO cmdb_ci_history (ci_id, version, at, user_name, action, changes, snapshot) VALUES (@ciId, @version, @at, @userName, @action, @changes, @snapshot)",
            new { ciId, version, at, userName, action, changes = JsonSerializer.Serialize(changes, AttributeDefinition.Json), snapshot = snapshot?.ToJsonString(AttributeDefinition.Json) },
            tx);
    }

    public static JsonObject Snapshot(string type, string code, string name, JsonObject attributes) =>
        new() { ["type"] = type, ["code"] = code, ["name"] = name, ["attributes"] = attributes.DeepClone() };

    public static List<AttributeChange> Diff(IReadOnlyList<AttributeDefinition> schema, CiRow? before, string code, string name, JsonObject after)
    {
        var changes = new List<AttributeChange>();
        if (before?.Code != code)
        {
            changes.Add(new AttributeChange("code", before is null ? null : JsonValue.Create(before.Code), JsonValue.Create(code)));
        }

        if (before?.Name != name)
        {
            changes.Add(new AttributeChange("name", before is null ? null : JsonValue.Create(before.Name), JsonValue.Create(name)));
        }

        var old = before?.AttributeObject ?? [];
        var secrets = schema.Where(a => a.Type == "secret").Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var key in old.Select(p => p.Key).Union(after.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var a = old[key];
            var b = after[key];
            if (JsonNode.DeepEquals(a, b))
            {
                continue;
            }

            changes.Add(secrets.Contains(key)
                ? new AttributeChange("attributes." + key, a is null ? null : JsonValue.Create(AttributeValidation.SecretMask), b is null ? null : JsonValue.Create("changed"))
                : new AttributeChange("attributes." + key, a?.DeepClone(), b?.DeepClone()));
        }

        return changes;
    }

    public static string UserOf(Kernel.Security.CurrentUser user) => user.IsAuthenticated ? user.UserName : "system";

    public static long Now(TimeProvider clock) => UnixMs.Now(clock);
}
