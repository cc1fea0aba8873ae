using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HospitalOps.Bench.AlertStorm;

/// <summary>One HospitalOps event as the configuration database holds it after the storm.</summary>
internal sealed record StoredEvent(long Id, string? Ci, string? AlertName, string State, long? OpenedAt, long? OutboxAt, long OutboxRows);

/// <summary>
/// Reads HospitalOps's events, timeline notices and outbox straight from its configuration database, read-only (SQLite
/// opened with Mode=ReadOnly; on PostgreSQL only SELECTs), while the server runs: progress during the storm and the
/// per-event facts afterwards.
/// </summary>
internal sealed class HopsStore(string connectionString)
{
    private readonly bool _postgres = connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = _postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = connectionString, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Events, firing messages in the outbox, notices not yet planned, messages sent.</summary>
    public async Task<(long Events, long Outbox, long Pending, long Sent)> ProgressAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        var yes = _postgres ? "true" : "1";
        command.CommandText =
            "SELECT (SELECT COUNT(*) FROM alert_events), (SELECT COUNT(*) FROM notification_outbox WHERE kind = 'firing'), " +
            $"(SELECT COUNT(*) FROM alert_event_log WHERE notice_pending = {yes}), (SELECT COUNT(*) FROM notification_outbox WHERE state = 'sent')";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public async Task<List<StoredEvent>> EventsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        var alertname = _postgres ? "(e.labels::jsonb ->> 'alertname')" : "json_extract(e.labels, '$.alertname')";
        command.CommandText =
            $"""
            SELECT e.id, e.ci_code, {alertname}, e.state,
              (SELECT MIN(l.at) FROM alert_event_log l WHERE l.event_id = e.id AND l.kind = 'opened'),
              (SELECT MIN(o.created_at) FROM notification_outbox o WHERE o.event_id = e.id AND o.kind = 'firing'),
              (SELECT COUNT(*) FROM notification_outbox o WHERE o.event_id = e.id AND o.kind = 'firing')
            FROM alert_events e
            """;
        command.CommandTimeout = 300;
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.GetInt64(6)));
        }

        return events;
    }
}
