using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Paging;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HospitalOps.Bench.TicketScale;

/// <summary>
/// <c>lists</c>: the filtered ticket lists of the issue, each <c>--requests</c> times after <c>--warmup</c>, one request at a time, through
/// <c>GET /api/v1/service-desk/tickets</c>; then the same list's two statements (count and page, built by the server's own
/// <c>ListTickets.BuildAsync</c>) run directly on the database with every row read, which is the floor the server cannot go below.
/// </summary>
internal static class Lists
{
    internal sealed record ListCase(string Name, string Query);

    public static async Task<int> RunAsync(Options o)
    {
        var url = o.Arg("--url");
        var dataDir = o.Arg("--data-dir");
        var config = o.Opt("--config") ?? $"Data Source={Path.Combine(dataDir, "config.db")}";
        var requests = o.Int("--requests", 200);
        var warmup = o.Int("--warmup", 20);
        var pageSize = o.Int("--page-size", 20);
        var serverPid = o.Int("--server-pid", 0);
        var databasePid = o.Int("--database-pid", 0);
        using var facts = JsonDocument.Parse(await File.ReadAllTextAsync(o.Arg("--summary")));
        var system = facts.RootElement.GetProperty("busy_system").GetInt64();
        var number = facts.RootElement.GetProperty("number").GetString()!;
        var assignee = facts.RootElement.GetProperty("assignee").GetString()!;
        var deepPage = 2000;
        ListCase[] cases =
        [
            new("open, by priority (the web app's default)", "status=open&sort=priority"),
            new("all, newest first", "status=all&sort=opened"),
            new("open, P1", "status=open&priority=1"),
            new("all, P1", "status=all&priority=1&sort=opened"),
            new("open, one business system", $"status=open&system={system}"),
            new("all, one business system", $"status=all&system={system}&sort=opened"),
            new("all, one assignee", $"status=all&assignee={assignee}&sort=opened"),
            new("open, q=挂号", "status=open&q=挂号"),
            new("all, q=挂号", "status=all&q=挂号&sort=opened"),
            new("all, q=Oracle锁", "status=all&q=Oracle锁&sort=opened"),
            new("all, q=ticket number", $"status=all&q={number}&sort=opened"),
            new("all, q=液氦 (rare)", "status=all&q=液氦&sort=opened"),
            new("all, system + q=慢", $"status=all&system={system}&q=慢&sort=opened"),
            new($"all, newest first, page {deepPage}", $"status=all&sort=opened&page={deepPage}"),
        ];

        // --cases "q=,P1": only the lists whose name holds one of these (for working on one kind of list).
        if (o.Opt("--cases") is { } only)
        {
            cases = cases.Where(c => only.Split(',').Any(part => c.Name.Contains(part, StringComparison.Ordinal))).ToArray();
        }

        using var client = await Api.AdminAsync(url, dataDir);
        await using DbConnection direct = config.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? new NpgsqlConnection(config) : new SqliteConnection(config + ";Mode=ReadOnly");
        await direct.OpenAsync();
        var results = new List<Dictionary<string, object?>>();
        var machine0 = Stats.MachineCpu();
        var server0 = Stats.ProcessCpu(serverPid) + Stats.ProcessCpu(databasePid);
        var self0 = Stats.ProcessCpu(Environment.ProcessId);
        var loadBefore = Stats.LoadAverage();
        var wall = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var path = $"/api/v1/service-desk/tickets?{c.Query}&pageSize={pageSize}";
            long total = -1;
            int items = 0;
            var http = new List<double>(requests);
            for (var i = 0; i < warmup + requests; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                sw.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                }

                if (i >= warmup)
                {
                    http.Add(sw.Elapsed.TotalMilliseconds);
                }
                else if (i == 0)
                {
                    using var doc = JsonDocument.Parse(body);
                    total = doc.RootElement.GetProperty("total").GetInt64();
                    items = doc.RootElement.GetProperty("items").GetArrayLength();
                }
            }

            var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(c.Query);
            string? Q(string k) => q.TryGetValue(k, out var v) ? v.ToString() : null;
            var filter = new TicketListFilter(Q("status"), Q("type"), Q("priority"), Q("system") is { } s ? long.Parse(s) : null, Q("assignee"), Q("colour"), Q("q"),
                null, null);
            var query = await ListTickets.BuildAsync(direct, filter, Q("sort"), PageRequest.From(Q("page") is { } p ? int.Parse(p) : 1, pageSize), "admin", default);
            var sql = new List<double>(requests);
            var countMs = new List<double>(requests);
            for (var i = 0; i < warmup + requests; i++)
            {
                var sw = Stopwatch.StartNew();
                // Built at every request, as the server does (on SQLite it may ask how many tickets match the text).
                query = await ListTickets.BuildAsync(direct, filter, Q("sort"), PageRequest.From(Q("page") is { } pg ? int.Parse(pg) : 1, pageSize), "admin", default);
                await direct.ExecuteScalarAsync<long>(query.CountSql, query.Args);
                var afterCount = sw.Elapsed.TotalMilliseconds;
                await using (var reader = await direct.ExecuteReaderAsync(query.PageSql, query.Args))
                {
                    var values = new object[reader.FieldCount];
                    while (await reader.ReadAsync())
                    {
                        reader.GetValues(values);
                    }
                }

                sw.Stop();
                if (i >= warmup)
                {
                    sql.Add(sw.Elapsed.TotalMilliseconds);
                    countMs.Add(afterCount);
                }
            }

            var h = Stats.Summary(http);
            var d = Stats.Summary(sql);
            var cm = Stats.Summary(countMs);
            Console.Error.WriteLine($"  {c.Name,-45} total {total,9:N0}  HTTP p50 {h["p50"],7:0.0} p95 {h["p95"],7:0.0} p99 {h["p99"],7:0.0} ms   SQL p50 {d["p50"],7:0.0} p95 {d["p95"],7:0.0} (count p50 {cm["p50"]:0.0}) ms");
            results.Add(new Dictionary<string, object?>
            {
                ["name"] = c.Name, ["query"] = c.Query, ["total"] = total, ["items"] = items, ["http_ms"] = h, ["sql_ms"] = d, ["count_ms"] = cm,
                ["count_sql"] = query.CountSql, ["page_sql"] = query.PageSql,
            });
        }

        var seconds = wall.Elapsed.TotalSeconds;
        var machine1 = Stats.MachineCpu();
        var server = (Stats.ProcessCpu(serverPid) + Stats.ProcessCpu(databasePid) - server0) / 100.0;
        var self = (Stats.ProcessCpu(Environment.ProcessId) - self0) / 100.0;
        var busy = (machine1.Busy - machine0.Busy) / (double)(machine1.Total - machine0.Total) * Environment.ProcessorCount;
        var output = new Dictionary<string, object?>
        {
            ["requests"] = requests, ["warmup"] = warmup, ["page_size"] = pageSize, ["lists"] = results, ["seconds"] = seconds,
            ["load_before"] = loadBefore, ["load_after"] = Stats.LoadAverage(), ["machine_busy_cores"] = busy,
            ["server_cores"] = server / seconds, ["client_cores"] = self / seconds,
        };
        await File.WriteAllTextAsync(o.Arg("--out"), JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return 0;
    }
}
