namespace HospitalOps.Kernel.Data;

/// <summary>
/// One versioned schema step of one module, written for both engines.
/// Versions are per module and never change once released: add a new one instead.
/// </summary>
public sealed record Migration(string Module, int Version, string Name, string Sqlite, string PostgreSql)
{
    public string SqlFor(DatabaseEngine engine) => engine == DatabaseEngine.Sqlite ? Sqlite : PostgreSql;
}

/// <summary>A module's migrations for one of the two databases.</summary>
public interface IMigrationSource
{
    DatabaseRole Target { get; }

    IReadOnlyList<Migration> Migrations { get; }
}
