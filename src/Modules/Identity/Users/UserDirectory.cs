using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity.Users;

/// <summary>Identity's answer to other modules asking how to reach users (on-call rosters, escalation).</summary>
internal sealed class UserDirectory(Databases databases) : IUserDirectory
{
    public async Task<IReadOnlyDictionary<string, UserContact>> ContactsAsync(IReadOnlyCollection<string> userNames, CancellationToken ct)
    {
        if (userNames.Count == 0)
        {
            return new Dictionary<string, UserContact>(StringComparer.Ordinal);
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var contacts = new Dictionary<string, UserContact>(StringComparer.Ordinal);
        foreach (var slice in userNames.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var args = new DynamicParameters();
            var rows = await connection.QueryAsync<(string UserName, string DisplayName, string? Email, string? Phone, bool Disabled)>(new CommandDefinition(
                $"SELECT user_name, display_name, email, phone, disabled FROM users WHERE user_name IN {SqlIn.List("u", slice, args)}", args, cancellationToken: ct));
            foreach (var row in rows)
            {
                contacts[row.UserName] = new UserContact(row.UserName, row.DisplayName, row.Email, row.Phone, row.Disabled);
            }
        }

        return contacts;
    }

    public async Task<IReadOnlyList<UserContact>> HoldersOfAsync(string permission, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string UserName, string DisplayName, string? Email, string? Phone, string Permissions)>(new CommandDefinition(
            """
            SELECT u.user_name, u.display_name, u.email, u.phone, r.permissions
            FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
            WHERE u.disabled = @no
            """, new { no = false }, cancellationToken: ct));
        return rows.Where(r => IdentityStore.SplitPermissions(r.Permissions).Contains(permission, StringComparer.Ordinal))
            .DistinctBy(r => r.UserName, StringComparer.Ordinal)
            .Select(r => new UserContact(r.UserName, r.DisplayName, r.Email, r.Phone, false))
            .OrderBy(c => c.UserName, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<TeamMembers>> TeamsAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var units = await connection.QueryAsync<(long Id, string Code, string NameZh, string NameEn)>(new CommandDefinition(
            "SELECT id, code, name_zh, name_en FROM org_units WHERE kind = 'team' ORDER BY name_zh", cancellationToken: ct));
        var members = (await connection.QueryAsync<(long UnitId, string UserName)>(new CommandDefinition(
            "SELECT org_unit_id, user_name FROM users WHERE org_unit_id IS NOT NULL AND disabled = @no ORDER BY user_name", new { no = false }, cancellationToken: ct)))
            .ToLookup(m => m.UnitId, m => m.UserName);
        return units.Select(u => new TeamMembers(u.Code, u.NameZh, u.NameEn, members[u.Id].ToList())).ToList();
    }

    public async Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM roles ORDER BY name", cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<string>> RolesOfAsync(string userName, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT r.name FROM roles r JOIN user_roles ur ON ur.role_id = r.id JOIN users u ON u.id = ur.user_id WHERE u.user_name = @userName ORDER BY r.name",
            new { userName }, cancellationToken: ct))).ToList();
    }
}
