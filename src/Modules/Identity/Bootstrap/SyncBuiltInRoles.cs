using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity.Bootstrap;

/// <summary>
/// Makes the built-in roles exist with the permissions the running modules give them; runs at
/// every start, so a module added in an upgrade reaches the built-in roles without hand work.
/// </summary>
internal sealed class SyncBuiltInRoles(Databases databases, TimeProvider clock)
{
    public async Task Handle(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var role in BuiltInRoles.Resolve(PermissionCatalog.List()))
        {
            var permissions = IdentityStore.JoinPermissions(role.Permissions);
            var updated = await connection.ExecuteAsync(
                "UPDATE roles SET permissions = @permissions, label_zh = @LabelZh, label_en = @LabelEn, builtin = @yes WHERE name = @Name AND (permissions <> @permissions OR label_zh <> @LabelZh OR label_en <> @LabelEn)",
                new { permissions, role.LabelZh, role.LabelEn, role.Name, yes = true }, tx);
            if (updated == 0)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO roles (name, label_zh, label_en, permissions, builtin, require_two_factor, created_at)
                    SELECT @Name, @LabelZh, @LabelEn, @permissions, @yes, @no, @now
                    WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = @Name)
                    """,
                    new { role.Name, role.LabelZh, role.LabelEn, permissions, yes = true, no = false, now = UnixMs.Now(clock) }, tx);
            }
        }

        await tx.CommitAsync(ct);
    }
}
