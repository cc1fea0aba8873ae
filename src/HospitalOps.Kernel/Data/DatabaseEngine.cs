namespace HospitalOps.Kernel.Data;

/// <summary>The two engines every schema and query must support.</summary>
public enum DatabaseEngine
{
    Sqlite,
    PostgreSql,
}

/// <summary>Which of the platform's two databases a piece of storage belongs to.</summary>
public enum DatabaseRole
{
    /// <summary>CMDB, tickets, users, rules: small, relational, backed up often.</summary>
    Config,

    /// <summary>Metric samples and rollups: large, append-mostly.</summary>
    History,
}
