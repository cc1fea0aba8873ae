using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Reads the "running statements" view of a PostgreSQL server (12 or later): every client session
/// that is not idle, plus idle ones that block someone (a session-level advisory lock), longest
/// running first.
/// </summary>
internal static class RunningStatements
{
    public const int MaxSessions = 2_000;

    public static Task<IReadOnlyList<RunningStatement>> ReadAsync(string connectionString, int maxQueryChars, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostgresConnector.WithDeadlineAsync(timeout, cancellationToken, async ct =>
        {
            await using var connection = await PostgresConnector.OpenAsync(connectionString, timeout, ct);
            return await ReadAsync(connection, maxQueryChars, ct);
        });

    public static async Task<IReadOnlyList<RunningStatement>> ReadAsync(NpgsqlConnection connection, int maxQueryChars, CancellationToken ct)
    {
        maxQueryChars = Math.Clamp(maxQueryChars, 0, 100_000);
        var rows = await PostgresRows.ReadAsync(connection, """
            WITH activity AS (
                SELECT a.*, pg_blocking_pids(a.pid) AS blocked_by
                FROM pg_stat_activity a
                WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
            )
            SELECT pid, usename::text, datname::text, application_name, host(client_addr), state,
                   wait_event_type, wait_event, xact_start, query_start,
                   extract(epoch FROM clock_timestamp() - query_start)::float8,
                   blocked_by, left(query, @chars + 1)
            FROM activity a
            WHERE state IS DISTINCT FROM 'idle'
               OR EXISTS (SELECT 1 FROM activity b WHERE a.pid = ANY (b.blocked_by))
            ORDER BY query_start NULLS LAST, pid
            LIMIT @max
            """, ct, ("chars", maxQueryChars), ("max", MaxSessions));

        var result = new List<RunningStatement>(rows.Count);
        foreach (var r in rows)
        {
            var (query, truncated) = Cut(r[12] as string, maxQueryChars);
            result.Add(new RunningStatement(
                Pid: (int)r[0]!,
                User: r[1] as string,
                Database: r[2] as string,
                Application: r[3] as string,
                ClientAddress: r[4] as string,
                State: r[5] as string,
                WaitEventType: r[6] as string,
                WaitEvent: r[7] as string,
                TransactionStart: AsUtc(r[8]),
                QueryStart: AsUtc(r[9]),
                DurationSeconds: r[10] as double?,
                BlockedBy: r[11] as int[] ?? [],
                Query: query,
                QueryTruncated: truncated));
        }

        return result;
    }

    private static DateTimeOffset? AsUtc(object? value) => value is DateTime d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null;

    private static (string? Text, bool Truncated) Cut(string? text, int maxChars)
    {
        if (text is null)
        {
            return (null, false);
        }

        // PostgreSQL's left() counts code points; count them the same way so a surrogate pair is never split.
        if (text.Length <= maxChars)
        {
            return (text, false);
        }

        var cut = 0;
        var points = 0;
        while (cut < text.Length && points < maxChars)
        {
            cut += char.IsSurrogatePair(text, cut) ? 2 : 1;
            points++;
        }

        return cut >= text.Length ? (text, false) : (text[..cut], true);
    }
}
