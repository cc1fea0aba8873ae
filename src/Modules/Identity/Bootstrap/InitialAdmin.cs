using Dapper;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Identity.Bootstrap;

/// <summary>
/// On a database without users: creates <c>admin</c> (system administrator) with a random
/// password, prints it once and writes it to <c>initial-admin-password</c> (mode 0600) in the
/// data directory. The password must be changed at first login; there is no default password.
/// </summary>
internal sealed class InitialAdmin(Databases databases, TimeProvider clock, IAuditTrail audit, ILogger<InitialAdmin> log)
{
    public const string FileName = "initial-admin-password";

    public async Task<string?> EnsureAsync(string dataDirectory, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users", transaction: tx) > 0)
        {
            return null;
        }

        var password = PasswordPolicy.Generate();
        var now = UnixMs.Now(clock);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO users (user_name, display_name, source, password_hash, password_changed_at, must_change_password, created_at, updated_at)
            VALUES ('admin', '系统管理员', 'local', @hash, @now, @yes, @now, @now) RETURNING id
            """,
            new { hash = PasswordHashing.Hash(password), now, yes = true }, tx);
        await connection.ExecuteAsync(
            "INSERT INTO user_roles (user_id, role_id) SELECT @id, id FROM roles WHERE name = @role",
            new { id, role = IdentityPermissions.SysAdmin }, tx);
        await audit.RecordAsync(new AuditEntry("user.create", "user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, "initial administrator"), connection, tx, new AuditActor(null, "system", null), ct);

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        await File.WriteAllTextAsync(path, password + "\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await tx.CommitAsync(ct);
        log.LogWarning("Created the initial administrator 'admin'. Its password is in {Path}; it must be changed at first login.", path);
        Console.WriteLine();
        Console.WriteLine("  Initial administrator: admin");
        Console.WriteLine($"  Password (shown once, also in {path}): {password}");
        Console.WriteLine();
        return password;
    }
}
