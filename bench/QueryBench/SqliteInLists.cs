using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace HospitalOps.Bench.QueryBench;

/// <summary>
/// A side experiment for the report, on a copy of a benchmark history.db (read-only): the statement
/// HistoryStore.ReadRawAsync runs for 20,000 series — 40 × <c>SELECT series_id, data FROM history_chunks WHERE series_id IN
/// (500 ids) …</c> — with the ids bound the way the product binds them (Dapper DynamicParameters named s0…s499, as
/// Kernel's SqlIn.List builds them) and three other ways, each reading every row and blob. Nothing of the product is changed.
/// </summary>
internal static class SqliteInLists
{
    public static async Task<int> RunAsync(string db, string metric, int repeats)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        await connection.OpenAsync();
        var ids = (await connection.QueryAsync<long>("SELECT id FROM history_series WHERE labels LIKE @p ORDER BY id", new { p = metric + "{%" })).ToList();
        var (from, to) = await connection.QuerySingleAsync<(long, long)>("SELECT MIN(min_t), MAX(max_t) FROM history_chunks WHERE series_id = @id", new { id = ids[0] });
        Console.WriteLine($"{ids.Count:N0} series of {metric}; statements of 500 ids; best and median of {repeats} sweeps");
        var variants = new (string Name, Func<long[], Task<long>> Sweep)[]
        {
            ("Dapper, parameters s0…s499 (as SqlIn.List; Microsoft.Data.Sqlite looks each name up 4 times)", slice => DapperAsync(connection, slice, from, to)),
            ("ADO.NET, parameters named @s0…@s499 (found at the first lookup)", slice => AdoAsync(connection, slice, from, to, "@s")),
            ("ids written into the SQL text (integers)", slice => InlineAsync(connection, slice, from, to)),
            ("one parameter, json_each(@ids)", slice => JsonAsync(connection, slice, from, to)),
        };
        foreach (var (name, sweep) in variants)
        {
            var times = new List<double>();
            long rows = 0;
            for (var r = 0; r < repeats; r++)
            {
                var started = Stopwatch.GetTimestamp();
                rows = 0;
                foreach (var slice in ids.Chunk(500))
                {
                    rows += await sweep(slice);
                }

                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(FormattableString.Invariant($"  {times[0],8:F1} ms best {times[times.Count / 2],8:F1} ms median  {rows:N0} rows  {name}"));
        }

        return 0;
    }

    private static async Task<long> DapperAsync(SqliteConnection c, long[] slice, long from, long to)
    {
        var args = new DynamicParameters();
        var names = new List<string>(slice.Length);
        for (var i = 0; i < slice.Length; i++)
        {
            args.Add("s" + i, slice[i]);
            names.Add("@s" + i);
        }

        args.Add("from", from);
        args.Add("to", to);
        var rows = await c.QueryAsync<(long, byte[])>($"SELECT series_id, data FROM history_chunks WHERE series_id IN ({string.Join(", ", names)}) AND max_t >= @from AND min_t <= @to ORDER BY series_id, min_t", args);
        return rows.Count();
    }

    private static async Task<long> AdoAsync(SqliteConnection c, long[] slice, long from, long to, string prefix)
    {
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT series_id, data FROM history_chunks WHERE series_id IN ({string.Join(", ", slice.Select((_, i) => prefix + i))}) AND max_t >= @from AND min_t <= @to ORDER BY series_id, min_t";
        for (var i = 0; i < slice.Length; i++)
        {
            command.Parameters.AddWithValue(prefix + i, slice[i]);
        }

        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        return await ReadAllAsync(command);
    }

    private static async Task<long> InlineAsync(SqliteConnection c, long[] slice, long from, long to)
    {
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT series_id, data FROM history_chunks WHERE series_id IN ({string.Join(", ", slice)}) AND max_t >= @from AND min_t <= @to ORDER BY series_id, min_t";
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        return await ReadAllAsync(command);
    }

    private static async Task<long> JsonAsync(SqliteConnection c, long[] slice, long from, long to)
    {
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT series_id, data FROM history_chunks WHERE series_id IN (SELECT value FROM json_each(@ids)) AND max_t >= @from AND min_t <= @to ORDER BY series_id, min_t";
        command.Parameters.AddWithValue("@ids", "[" + string.Join(",", slice) + "]");
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        return await ReadAllAsync(command);
    }

    private static async Task<long> ReadAllAsync(DbCommand command)
    {
        long rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetInt64(0);
            _ = (byte[])reader.GetValue(1);
            rows++;
        }

        return rows;
    }
}
