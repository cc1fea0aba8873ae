using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>Reads the rows of a fixed monitoring query, with a cap so a surprise never fills memory.</summary>
internal static class PostgresRows
{
    public const int MaxRows = 10_000;

    public static async Task<List<object?[]>> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (rows.Count < MaxRows && await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
