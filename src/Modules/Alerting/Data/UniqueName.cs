using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Alerting.Data;

/// <summary>Names of alerting objects (channels, routes, rosters, policies) are unique: a second one with the same name is refused.</summary>
internal static class UniqueName
{
    /// <summary>Refuses <paramref name="name"/> when a row of <paramref name="table"/> other than <paramref name="id"/> has it.</summary>
    public static async Task EnsureFreeAsync(DbConnection connection, DbTransaction tx, string table, string name, long? id, CancellationToken ct)
    {
        var taken = await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT id FROM {table} WHERE name = @name", new { name }, tx, cancellationToken: ct));
        if (taken is { } other && other != id)
        {
            throw AppProblem.Invalid("name", "name_taken");
        }
    }
}
