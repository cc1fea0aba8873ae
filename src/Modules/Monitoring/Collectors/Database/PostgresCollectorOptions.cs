namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>What the PostgreSQL collector looks at beyond the fixed set of metrics.</summary>
/// <param name="TopTables">How many of the connected database's largest tables get a size series.</param>
/// <param name="LongTransactionThreshold">A transaction open longer than this counts in pg_long_transactions.</param>
internal sealed record PostgresCollectorOptions(int TopTables = 10, TimeSpan? LongTransactionThreshold = null)
{
    public static readonly PostgresCollectorOptions Default = new();

    public TimeSpan LongTransactionLimit => LongTransactionThreshold ?? TimeSpan.FromMinutes(5);
}
