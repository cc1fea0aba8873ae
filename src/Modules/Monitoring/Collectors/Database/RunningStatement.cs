namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// One non-idle session of a PostgreSQL server (or an idle one that blocks others), as the DBA
/// page shows it. <see cref="Query"/> is the statement text, unredacted but cut to the length the
/// caller asked for (<see cref="QueryTruncated"/> says so). <see cref="DurationSeconds"/> is the
/// time since the current (or, for an idle-in-transaction session, the last) statement started;
/// <see cref="BlockedBy"/> holds the pids of pg_blocking_pids(). Without pg_monitor (or
/// pg_read_all_stats) other users' sessions show no state, wait event or query text.
/// </summary>
internal sealed record RunningStatement(
    int Pid,
    string? User,
    string? Database,
    string? Application,
    string? ClientAddress,
    string? State,
    string? WaitEventType,
    string? WaitEvent,
    DateTimeOffset? TransactionStart,
    DateTimeOffset? QueryStart,
    double? DurationSeconds,
    IReadOnlyList<int> BlockedBy,
    string? Query,
    bool QueryTruncated);
