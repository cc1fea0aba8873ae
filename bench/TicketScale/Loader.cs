using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace HospitalOps.Bench.TicketScale;

/// <summary>Writes generated tickets straight into the service desk's tables: multi-row prepared inserts on SQLite, COPY on PostgreSQL.</summary>
internal interface ITicketSink : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<GenTicket> batch);
}

internal static class Columns
{
    public static readonly string[] Tickets =
    [
        "id", "number", "type_id", "workflow_id", "workflow_version", "state", "state_category", "title", "description", "channel", "impact", "urgency", "system_level",
        "priority", "business_system_id", "business_system_name", "reporter_user", "reporter_name", "reporter_phone", "assignee", "team", "fields", "source",
        "sla_policy_id", "contract", "in_maintenance", "opened_at", "responded_at", "arrived_at", "resolved_at", "closed_at", "rating", "rating_comment", "sla_colour",
        "sla_due_at", "sla_breached", "created_by", "updated_at", "version", "fault_plan_id",
    ];

    public static object?[] Ticket(GenTicket t) =>
    [
        t.Id, t.Number, t.Type.Id, t.Type.WorkflowId, t.Type.Version, t.State, t.Category, t.Title, t.Description, t.Channel, t.Impact, t.Urgency, t.SystemLevel,
        t.Priority, t.System?.Id, t.System?.Name, null, t.ReporterName, t.ReporterPhone, t.Assignee, t.Team, t.Fields, t.Source,
        t.PolicyId, null, false, t.OpenedAt, t.RespondedAt, t.ArrivedAt, t.ResolvedAt, t.ClosedAt, t.Rating, null, t.SlaColour,
        t.SlaDueAt, t.SlaBreached, t.CreatedBy, t.UpdatedAt, t.Version, null,
    ];

    public static readonly string[] Log = ["id", "ticket_id", "at", "kind", "actor", "from_state", "to_state", "detail"];

    public static object?[] LogRow(LogRow l) => [l.Id, l.TicketId, l.At, l.Kind, l.Actor, l.FromState, l.ToState, l.Detail];

    public static readonly string[] Clocks = ["ticket_id", "kind", "allowed_ms", "used_ms", "deadline_at", "stopped_at", "breached_at", "paused", "outcome", "colour", "computed_at"];

    public static object?[] Clock(ClockRow c) => [c.TicketId, c.Kind, c.AllowedMs, c.UsedMs, c.DeadlineAt, c.StoppedAt, c.BreachedAt, c.Paused, c.Outcome, c.Colour, c.ComputedAt];

    public static readonly string[] Breaches = ["ticket_id", "kind", "breached_at", "responsible", "recorded_at"];

    public static object?[] Breach(BreachRow b) => [b.TicketId, b.Kind, b.BreachedAt, b.Responsible, b.RecordedAt];

    public static readonly string[] Cis = ["ticket_id", "ci_id", "ci_code", "ci_name"];

    public static object?[] Ci(GenTicket t) => [t.Id, t.Ci!.Id, t.Ci.Code, t.Ci.Name];
}

/// <summary>
/// SQLite: one statement of <see cref="RowsPerStatement"/> rows per table, prepared once and bound by position through SQLitePCL
/// (binding by name looks every name up in a list, which costs the square of the parameters in a statement this wide).
/// </summary>
internal sealed class SqliteSink : ITicketSink
{
    private const int RowsPerStatement = 50;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, Insert> _inserts = new(StringComparer.Ordinal);

    public SqliteSink(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        // A generated data set needs no crash safety while it is written; the file goes back to WAL at the end, as the server keeps it.
        _connection.Execute("PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF");
    }

    public SqliteConnection Connection => _connection;

    public async Task WriteAsync(IReadOnlyList<GenTicket> batch)
    {
        await Task.Yield();
        _connection.Execute("BEGIN IMMEDIATE");
        foreach (var t in batch)
        {
            Row("sd_tickets", Columns.Tickets, Columns.Ticket(t));
            foreach (var l in t.Log)
            {
                Row("sd_ticket_log", Columns.Log, Columns.LogRow(l));
            }

            foreach (var c in t.Clocks)
            {
                Row("sd_sla_clocks", Columns.Clocks, Columns.Clock(c));
            }

            foreach (var b in t.Breaches)
            {
                Row("sd_sla_breaches", Columns.Breaches, Columns.Breach(b));
            }

            if (t.Ci is not null)
            {
                Row("sd_ticket_cis", Columns.Cis, Columns.Ci(t));
            }

            Row("sd_ticket_search", ["rowid", "title", "body"], [t.Id, t.SearchTitle, t.SearchBody]);
        }

        foreach (var insert in _inserts.Values)
        {
            insert.Flush(_connection.Handle!);
        }

        _connection.Execute("COMMIT TRANSACTION");
    }

    private void Row(string table, string[] columns, object?[] values)
    {
        if (!_inserts.TryGetValue(table, out var insert))
        {
            _inserts[table] = insert = new Insert(table, columns);
        }

        insert.Add(_connection.Handle!, values);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values)
        {
            insert.Dispose();
        }

        _connection.Execute("PRAGMA journal_mode=WAL");
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Insert(string table, string[] columns) : IDisposable
    {
        private readonly List<object?[]> _pending = new(RowsPerStatement);
        private sqlite3_stmt? _full;

        public void Add(sqlite3 db, object?[] values)
        {
            _pending.Add(values);
            if (_pending.Count == RowsPerStatement)
            {
                _full ??= Prepare(db, RowsPerStatement);
                Run(db, _full, _pending);
                _pending.Clear();
            }
        }

        public void Flush(sqlite3 db)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            using var partial = Prepare(db, _pending.Count);
            Run(db, partial, _pending);
            _pending.Clear();
        }

        private sqlite3_stmt Prepare(sqlite3 db, int rows)
        {
            var one = "(" + string.Join(',', Enumerable.Repeat("?", columns.Length)) + ")";
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(',', Enumerable.Repeat(one, rows))}";
            Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
            return stmt;
        }

        private static void Run(sqlite3 db, sqlite3_stmt stmt, List<object?[]> rows)
        {
            var i = 1;
            foreach (var row in rows)
            {
                foreach (var v in row)
                {
                    var rc = v switch
                    {
                        null => raw.sqlite3_bind_null(stmt, i),
                        long l => raw.sqlite3_bind_int64(stmt, i, l),
                        int n => raw.sqlite3_bind_int64(stmt, i, n),
                        bool b => raw.sqlite3_bind_int64(stmt, i, b ? 1 : 0),
                        double d => raw.sqlite3_bind_double(stmt, i, d),
                        string s => raw.sqlite3_bind_text(stmt, i, s),
                        _ => throw new InvalidOperationException($"no binding for {v.GetType()}"),
                    };
                    Check(db, rc);
                    i++;
                }
            }

            var step = raw.sqlite3_step(stmt);
            if (step != raw.SQLITE_DONE)
            {
                Check(db, step);
            }

            raw.sqlite3_reset(stmt);
            raw.sqlite3_clear_bindings(stmt);
        }

        private static void Check(sqlite3 db, int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"SQLite {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }
        }

        public void Dispose() => _full?.Dispose();
    }
}

/// <summary>PostgreSQL: COPY (text format) per table, one transaction per batch; the tsvector literal is parsed by the server as the product's cast would.</summary>
internal sealed class PostgresSink(NpgsqlConnection connection) : ITicketSink
{
    public async Task WriteAsync(IReadOnlyList<GenTicket> batch)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await CopyAsync("sd_tickets", Columns.Tickets, batch.Select(Columns.Ticket));
        await CopyAsync("sd_ticket_log", Columns.Log, batch.SelectMany(t => t.Log).Select(Columns.LogRow));
        await CopyAsync("sd_sla_clocks", Columns.Clocks, batch.SelectMany(t => t.Clocks).Select(Columns.Clock));
        await CopyAsync("sd_sla_breaches", Columns.Breaches, batch.SelectMany(t => t.Breaches).Select(Columns.Breach));
        await CopyAsync("sd_ticket_cis", Columns.Cis, batch.Where(t => t.Ci is not null).Select(Columns.Ci));
        await CopyAsync("sd_ticket_search", ["ticket_id", "document"], batch.Select(t => new object?[] { t.Id, t.SearchTitle }));
        await tx.CommitAsync();
    }

    private async Task CopyAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN");
        var line = new StringBuilder(512);
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append('\t');
                }

                switch (row[i])
                {
                    case null: line.Append("\\N"); break;
                    case bool b: line.Append(b ? 't' : 'f'); break;
                    case long l: line.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                    case int n: line.Append(n.ToString(CultureInfo.InvariantCulture)); break;
                    case string s:
                        foreach (var c in s)
                        {
                            _ = c switch
                            {
                                '\\' => line.Append("\\\\"),
                                '\t' => line.Append("\\t"),
                                '\n' => line.Append("\\n"),
                                '\r' => line.Append("\\r"),
                                _ => line.Append(c),
                            };
                        }

                        break;
                    default: throw new InvalidOperationException($"no COPY text for {row[i]!.GetType()}");
                }
            }

            line.Append('\n');
            await writer.WriteAsync(line);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Secondary indexes are dropped before the load and built once after it, as a bulk load does; their definitions are kept as they were.</summary>
internal static class Indexes
{
    private static readonly string[] Tables = ["sd_tickets", "sd_ticket_log", "sd_ticket_search"];

    public static async Task<List<(string Name, string Sql)>> DropAsync(DbConnection connection)
    {
        var list = connection is SqliteConnection
            ? (await connection.QueryAsync<(string, string)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('sd_tickets', 'sd_ticket_log')")).ToList()
            : (await connection.QueryAsync<(string, string)>(
                """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename = ANY(@tables) AND i.schemaname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
                """, new { tables = Tables })).ToList();
        foreach (var (name, _) in list)
        {
            await connection.ExecuteAsync($"DROP INDEX {name}");
        }

        return list;
    }

    public static async Task CreateAsync(DbConnection connection, IEnumerable<(string Name, string Sql)> indexes)
    {
        foreach (var (_, sql) in indexes)
        {
            await connection.ExecuteAsync(sql, commandTimeout: 3600);
        }
    }
}
