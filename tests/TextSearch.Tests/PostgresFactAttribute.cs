namespace HospitalOps.TextSearch.Tests;

/// <summary>
/// A test against a real PostgreSQL: the server of HOSPITALOPS_TEST_POSTGRES, or else the peer the
/// ./test script starts for both of its passes (HOSPITALOPS_TEST_PG_PEER). Skipped, never passed,
/// when neither is set; ./test fails a run with skipped tests.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = "Neither HOSPITALOPS_TEST_POSTGRES nor HOSPITALOPS_TEST_PG_PEER is set: run the suite with ./test.";
        }
    }

    public static string? ConnectionString =>
        new[] { "HOSPITALOPS_TEST_POSTGRES", "HOSPITALOPS_TEST_PG_PEER" }
            .Select(Environment.GetEnvironmentVariable)
            .FirstOrDefault(s => !string.IsNullOrEmpty(s));
}
