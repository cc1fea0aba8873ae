using System.Globalization;
using HospitalOps.Monitoring.Collection;
using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Runs a <see cref="CheckScript"/> on PostgreSQL. The script passes
/// <see cref="CheckScriptValidator"/> first; then it runs inside BEGIN READ ONLY with
/// SET LOCAL statement_timeout and lock_timeout, and the transaction is always rolled back.
/// </summary>
internal sealed class CheckScriptRunner
{
    public Task<SampleBatch> RunAsync(string connectionString, CheckScript script, TimeSpan timeout, CancellationToken cancellationToken, CheckScriptLimits? limits = null)
    {
        if (!MetricNames.IsValidMetric(script.MetricName))
        {
            throw new CollectionFailure(DatabaseErrors.ScriptRefused, ("reason", $"'{script.MetricName}' is not a valid metric name"));
        }

        if (CheckScriptValidator.Refusal(script.Sql) is { } refusal)
        {
            throw new CollectionFailure(DatabaseErrors.ScriptRefused, ("reason", refusal));
        }

        limits ??= CheckScriptLimits.Default;
        // The client-side deadline is a little later than the server's statement_timeout, so a slow
        // query ends with the server's own cancellation rather than a dropped connection.
        var clientTimeout = timeout + TimeSpan.FromSeconds(2);
        return PostgresConnector.WithDeadlineAsync(clientTimeout, cancellationToken, async ct =>
        {
            await using var connection = await PostgresConnector.OpenAsync(connectionString, clientTimeout, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                var ms = ((long)Math.Max(1, timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
                await using (var setup = new NpgsqlCommand(
                    $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {ms}; SET LOCAL lock_timeout = {ms}; " +
                    "SET LOCAL standard_conforming_strings = on; SET LOCAL idle_in_transaction_session_timeout = 0",
                    connection, transaction))
                {
                    await setup.ExecuteNonQueryAsync(ct);
                }

                await using var command = new NpgsqlCommand(script.Sql, connection, transaction);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await ToSamplesAsync(reader, script.MetricName, limits, ct);
            }
            finally
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    try
                    {
                        await transaction.RollbackAsync(CancellationToken.None);
                    }
                    catch (NpgsqlException)
                    {
                        // The connection is closed right after; the server rolls back anyway.
                    }
                }
            }
        });
    }

    private static async Task<SampleBatch> ToSamplesAsync(NpgsqlDataReader reader, string metric, CheckScriptLimits limits, CancellationToken ct)
    {
        var layout = ResultLayout.Of(reader);
        var batch = new SampleBatch();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            if (++rows > limits.MaxRows)
            {
                throw new CollectionFailure(DatabaseErrors.ResultTooLarge, ("reason", $"more than {limits.MaxRows} rows"));
            }

            var value = await reader.IsDBNullAsync(layout.ValueOrdinal, ct) ? (double?)null : ResultLayout.ToDouble(reader.GetValue(layout.ValueOrdinal));
            var labels = new Label[layout.Labels.Count];
            for (var i = 0; i < labels.Length; i++)
            {
                var (name, ordinal, values) = layout.Labels[i];
                var text = await reader.IsDBNullAsync(ordinal, ct) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";
                if (text.Length > limits.MaxLabelValueChars)
                {
                    text = text[..limits.MaxLabelValueChars];
                }

                values.Add(text);
                if (values.Count > limits.MaxDistinctLabelValues)
                {
                    throw new CollectionFailure(DatabaseErrors.ResultTooLarge, ("reason", $"label '{name}' has more than {limits.MaxDistinctLabelValues} distinct values"));
                }

                labels[i] = new Label(name, text);
            }

            if (!seen.Add(string.Join('\u0001', labels.Select(l => l.Value))))
            {
                throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", "two rows have the same labels: " + string.Join(", ", labels.Select(l => l.Name + "=" + l.Value))));
            }

            if (value is { } v)
            {
                batch.Add(metric, v, labels);
            }
        }

        return batch;
    }

    /// <summary>Which column is the value and which are labels.</summary>
    private sealed record ResultLayout(int ValueOrdinal, List<(string Name, int Ordinal, HashSet<string> Values)> Labels)
    {
        public static ResultLayout Of(NpgsqlDataReader reader)
        {
            var valueOrdinal = -1;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (string.Equals(reader.GetName(i), "value", StringComparison.OrdinalIgnoreCase))
                {
                    valueOrdinal = i;
                }
            }

            if (valueOrdinal >= 0 && !IsNumeric(reader.GetFieldType(valueOrdinal)))
            {
                throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", "the column 'value' is not numeric"));
            }

            if (valueOrdinal < 0)
            {
                for (var i = reader.FieldCount - 1; i >= 0 && valueOrdinal < 0; i--)
                {
                    if (IsNumeric(reader.GetFieldType(i)))
                    {
                        valueOrdinal = i;
                    }
                }
            }

            if (valueOrdinal < 0)
            {
                throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", "the result has no numeric column"));
            }

            var labels = new List<(string, int, HashSet<string>)>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i == valueOrdinal)
                {
                    continue;
                }

                var name = reader.GetName(i);
                if (!MetricNames.IsValidLabel(name))
                {
                    throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", $"the column '{name}' is not a valid label name; give it an alias"));
                }

                if (!names.Add(name))
                {
                    throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", $"two columns are named '{name}'"));
                }

                labels.Add((name, i, new HashSet<string>(StringComparer.Ordinal)));
            }

            if (labels.Count > CheckScriptLimits.MaxLabelColumns)
            {
                throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", $"more than {CheckScriptLimits.MaxLabelColumns} label columns"));
            }

            return new ResultLayout(valueOrdinal, labels);
        }

        public static bool IsNumeric(Type type) =>
            type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(decimal)
            || type == typeof(float) || type == typeof(double) || type == typeof(bool) || type == typeof(byte);

        public static double ToDouble(object value) => value switch
        {
            bool b => b ? 1 : 0,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };
    }
}
