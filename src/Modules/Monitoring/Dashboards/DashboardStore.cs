using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>Reading dashboards as a given user sees them: their own, shared ones, and the built-in ones.</summary>
internal static class DashboardStore
{
    public static async Task<DashboardRow?> FindAsync(DbConnection connection, string uid, DbTransaction? tx = null) =>
        await connection.QuerySingleOrDefaultAsync<DashboardRow>(DashboardRow.Select + " WHERE uid = @uid", new { uid }, tx);

    /// <summary>The row if the user may see it: their own or shared; otherwise not found (no hint that it exists).</summary>
    public static async Task<DashboardRow> VisibleAsync(DbConnection connection, string uid, CurrentUser user, DbTransaction? tx = null)
    {
        var row = await FindAsync(connection, uid, tx);
        return row is not null && (row.OwnerId == user.UserId || row.Shared) ? row : throw AppProblem.NotFound();
    }

    /// <summary>The owner edits; others with monitoring.write may edit a shared one.</summary>
    public static bool CanEdit(DashboardRow row, CurrentUser user) =>
        row.OwnerId == user.UserId || (row.Shared && user.Has(MonitoringModule.Write));

    public static DashboardDto ToDto(DashboardRow row, CurrentUser user) => new(
        row.Uid, row.Title, row.Description, Tags(row), false, row.Shared, row.OwnerName, row.OwnerId == user.UserId, CanEdit(row, user), row.Version,
        DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt), (JsonObject)JsonNode.Parse(row.Definition)!);

    public static DashboardSummary ToSummary(DashboardRow row, CurrentUser user) => new(
        row.Uid, row.Title, row.Description, Tags(row), false, row.Shared, row.OwnerName, row.OwnerId == user.UserId, row.Version, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));

    public static List<string> Tags(DashboardRow row) => JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [];

    /// <summary>A short random identifier for a URL (10 characters of a lowercase base-32 alphabet).</summary>
    public static string NewUid()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[bytes[i] % alphabet.Length];
        }

        return new string(chars);
    }
}
