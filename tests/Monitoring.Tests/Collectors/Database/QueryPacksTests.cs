using HospitalOps.Monitoring.Collectors.Database;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

/// <summary>
/// Shape checks only: no Oracle, SQL Server, DM or KingbaseES server is available here, so their
/// SQL is untested against the real engines.
/// </summary>
public sealed class QueryPacksTests
{
    public static TheoryData<string> Engines => [.. Enum.GetNames<DbEngine>()];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Pack_EveryQuery_IsWellFormed(string engineName)
    {
        var engine = Enum.Parse<DbEngine>(engineName);
        var pack = QueryPacks.For(engine);

        pack.Engine.ShouldBe(engine);
        pack.Queries.ShouldNotBeEmpty();
        pack.Queries.Select(q => q.Id).ShouldBeUnique();
        pack.Queries.SelectMany(q => q.Metrics).Select(m => m.Name).ShouldBeUnique();
        foreach (var query in pack.Queries)
        {
            MetricNames.IsValidLabel(query.Id).ShouldBeTrue(query.Id);
            query.Sql.Trim().ShouldNotBeEmpty();
            query.Sql.TrimStart().ShouldStartWith("SELECT", Case.Insensitive, query.Id);
            query.Sql.ShouldNotContain(";", customMessage: query.Id);
            query.Metrics.ShouldNotBeEmpty(query.Id);
            query.LabelColumns.ShouldAllBe(c => MetricNames.IsValidLabel(c));
            query.LabelColumns.ShouldBeUnique();
            foreach (var metric in query.Metrics)
            {
                MetricNames.IsValidMetric(metric.Name).ShouldBeTrue(metric.Name);
                metric.Name.ShouldStartWith(Prefix(engine));
                query.LabelColumns.ShouldNotContain(metric.ValueColumn, query.Id);
                // The value column and every label column must be named in the query's text.
                query.Sql.ShouldContain(metric.ValueColumn, Case.Insensitive, query.Id);
            }

            foreach (var label in query.LabelColumns)
            {
                query.Sql.ShouldContain(label, Case.Insensitive, query.Id);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Pack_MetricNames_FollowUnitConventions(string engineName)
    {
        var engine = Enum.Parse<DbEngine>(engineName);
        foreach (var metric in QueryPacks.For(engine).Queries.SelectMany(q => q.Metrics))
        {
            metric.Name.ShouldNotContain("percent");
            metric.Name.ShouldNotContain("_ms");
            metric.Name.ShouldNotContain("_kb");
        }
    }

    [Fact]
    public void Kingbase_UsesSysCatalogNames()
    {
        var sql = string.Join("\n", QueryPacks.Kingbase.Queries.Select(q => q.Sql));

        sql.ShouldContain("sys_stat_activity");
        sql.ShouldContain("sys_stat_database");
        sql.ShouldNotContain("pg_");
    }

    private static string Prefix(DbEngine engine) => engine switch
    {
        DbEngine.PostgreSql => "pg_",
        DbEngine.Oracle => "oracle_",
        DbEngine.SqlServer => "mssql_",
        DbEngine.Dameng => "dm_",
        _ => "kingbase_",
    };
}
