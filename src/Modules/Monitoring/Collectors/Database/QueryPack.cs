namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>Database engines with a built-in query pack.</summary>
internal enum DbEngine
{
    PostgreSql,
    Oracle,
    SqlServer,
    Dameng,
    Kingbase,
}

/// <summary>One metric a pack query yields: its name and the column holding its value.</summary>
internal sealed record PackMetric(string Name, string ValueColumn);

/// <summary>
/// One query of a pack: every row gives one sample per <see cref="Metrics"/> entry, labelled with
/// <see cref="LabelColumns"/> (label name = column name, matched case-insensitively because
/// Oracle and DM upper-case unquoted aliases). A NULL value skips that sample.
/// </summary>
internal sealed record PackQuery(string Id, string Sql, IReadOnlyList<PackMetric> Metrics, IReadOnlyList<string> LabelColumns);

/// <summary>
/// The built-in health queries of one engine. <see cref="ReadOnlyStatement"/> is run first in
/// each query's transaction where the engine has read-only transactions (null where it has none).
/// </summary>
internal sealed record QueryPack(DbEngine Engine, string? ReadOnlyStatement, IReadOnlyList<PackQuery> Queries);
