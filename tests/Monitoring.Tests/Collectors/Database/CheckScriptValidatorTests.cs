using HospitalOps.Monitoring.Collectors.Database;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class CheckScriptValidatorTests
{
    [Theory]
    [InlineData("SELECT 1 AS value")]
    [InlineData("select ward, count(*) from beds group by ward;")]
    [InlineData("  (SELECT 1)  ;  ")]
    [InlineData("WITH x AS (SELECT 1 AS v) SELECT v FROM x")]
    [InlineData("VALUES (1)")]
    [InlineData("TABLE beds")]
    [InlineData("SHOW max_connections")]
    [InlineData("SELECT ';' AS s, 1 AS value")]
    [InlineData("SELECT 'it''s; DELETE FROM t' AS s")]
    [InlineData("SELECT E'a\\'; DELETE FROM t' AS s")]
    [InlineData("SELECT $$; DELETE FROM t;$$ AS s")]
    [InlineData("SELECT $tag$ $$ ; UPDATE t SET v = 1 $tag$ AS s")]
    [InlineData("SELECT 1 -- ; DELETE FROM t\n AS value")]
    [InlineData("SELECT 1 /* ; /* nested ; */ DELETE */ AS value")]
    [InlineData("SELECT \"update\", last_update FROM t")]
    [InlineData("SELECT pg_sleep(1)")]
    [InlineData("SELECT foo$bar FROM t")]
    public void Refusal_SingleReadOnlyQuery_IsNull(string sql) =>
        CheckScriptValidator.Refusal(sql).ShouldBeNull();

    [Theory]
    [InlineData("", "empty")]
    [InlineData(" ; ; -- nothing", "empty")]
    [InlineData("SELECT 1; SELECT 2", "2 statements")]
    [InlineData("SELECT 1; DELETE FROM t", "2 statements")]
    [InlineData("SELECT 'a\\'; DELETE FROM t; --'", "2 statements")]
    [InlineData("SELECT 1 AS value; COMMIT", "2 statements")]
    [InlineData("COMMIT", "transaction and session control (COMMIT)")]
    [InlineData("ROLLBACK", "transaction and session control (ROLLBACK)")]
    [InlineData("BEGIN", "transaction and session control (BEGIN)")]
    [InlineData("START TRANSACTION READ WRITE", "transaction and session control (START)")]
    [InlineData("SET TRANSACTION READ WRITE", "transaction and session control (SET)")]
    [InlineData("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "transaction and session control (SET)")]
    [InlineData("RESET ALL", "transaction and session control (RESET)")]
    [InlineData("COPY t TO '/tmp/x'", "COPY is not allowed")]
    [InlineData("CALL p()", "CALL is not allowed")]
    [InlineData("DO $$ BEGIN DELETE FROM t; END $$", "DO blocks are not allowed")]
    [InlineData("DELETE FROM t", "DELETE statements")]
    [InlineData("insert into t values (1)", "INSERT statements")]
    [InlineData("TRUNCATE t", "TRUNCATE statements")]
    [InlineData("DROP TABLE t", "DROP statements")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN statements")]
    [InlineData("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d", "data-changing DELETE")]
    [InlineData("WITH u AS (UPDATE t SET v = 1 RETURNING *) SELECT 1", "data-changing UPDATE")]
    [InlineData("SELECT * FROM t FOR UPDATE", "data-changing UPDATE")]
    [InlineData("SELECT * FROM t FOR SHARE", "row locks")]
    [InlineData("SELECT * INTO copy_of_t FROM t", "SELECT INTO")]
    [InlineData("SELECT nextval('s')", "nextval()")]
    [InlineData("SELECT pg_catalog.setval('s', 1)", "setval()")]
    [InlineData("SELECT \"nextval\"('s')", "nextval()")]
    [InlineData("SELECT pg_terminate_backend(pid) FROM pg_stat_activity", "pg_terminate_backend()")]
    [InlineData("SELECT set_config('default_transaction_read_only', 'off', false)", "set_config()")]
    [InlineData("SELECT * FROM dblink('host=x', 'DELETE FROM t') AS r(x int)", "dblink()")]
    [InlineData("SELECT 'unterminated", "unterminated string")]
    [InlineData("SELECT 1 /* open", "unterminated /* comment")]
    [InlineData("SELECT $x$ open", "unterminated dollar-quoted")]
    [InlineData("SELECT \"open", "unterminated quoted identifier")]
    [InlineData("SELECT 1\0", "NUL")]
    [InlineData("LISTEN x", "LISTEN statements")]
    [InlineData("FETCH ALL FROM c", "FETCH statements")]
    [InlineData("1", "does not start with a statement keyword")]
    [InlineData("ANALYSE t", "only SELECT, WITH, VALUES, TABLE and SHOW")]
    public void Refusal_UnsafeScript_NamesTheReason(string sql, string reason) =>
        CheckScriptValidator.Refusal(sql).ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void Refusal_DblinkWithoutWrite_RefusesTheFunction() =>
        CheckScriptValidator.Refusal("SELECT * FROM dblink('host=x', 'SELECT 1') AS r(x int)").ShouldBe("the function dblink() is not allowed");

    [Fact]
    public void Refusal_OverlongScript_IsRefused() =>
        CheckScriptValidator.Refusal("SELECT " + new string('1', CheckScriptValidator.MaxScriptChars)).ShouldNotBeNull().ShouldContain("longer than");
}
