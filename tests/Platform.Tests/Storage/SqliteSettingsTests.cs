using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Platform.Tests.Storage;

/// <summary>Every SQLite connection, not only the first, must be durable and check foreign keys.</summary>
public sealed class SqliteSettingsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task EveryConnection_IsWalWithFullSyncAndForeignKeys()
    {
        await using var database = new Database(DatabaseRole.Config, $"Data Source={Path.Combine(_dir, "c.db")}");
        var open = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await database.OpenAsync());
        }

        foreach (var connection in open)
        {
            (await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode")).ShouldBe("wal");
            (await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")).ShouldBe(2);
            (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).ShouldBe(1);
            await connection.DisposeAsync();
        }
    }
}
