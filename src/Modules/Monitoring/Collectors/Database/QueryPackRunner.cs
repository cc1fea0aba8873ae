using System.Data;
using System.Data.Common;
using System.Globalization;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>What a pack run found: the samples, and the queries that failed with their failure.</summary>
internal sealed record QueryPackResult(SampleBatch Samples, IReadOnlyList<(string QueryId, CollectionFailure Failure)> Failures);

/// <summary>
/// Runs a <see cref="QueryPack"/> over any open <see cref="DbConnection"/> (a built-in or a
/// plug-in driver). Each query runs in its own transaction (made read-only where the engine can),
/// which is always rolled back, under a command timeout; one query failing does not stop the
/// others. Every query reports <c>db_pack_query_success{query}</c>.
/// </summary>
internal static class QueryPackRunner
{
    public const int MaxRowsPerQuery = 5_000;

    public static async Task<QueryPackResult> RunAsync(DbConnection connection, QueryPack pack, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var batch = new SampleBatch();
        var failures = new List<(string, CollectionFailure)>();
        foreach (var query in pack.Queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = new SampleBatch();
            try
            {
                await RunQueryAsync(connection, pack, query, commandTimeout, found, cancellationToken);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var failure = DbFailures.FromProvider(e, connecting: false, deadlinePassed: e is OperationCanceledException);
                failures.Add((query.Id, failure));
                batch.Add("db_pack_query_success", 0, new Label("query", query.Id));
                if (connection.State != ConnectionState.Open)
                {
                    // The connection is gone: the remaining queries cannot run either.
                    break;
                }

                continue;
            }

            foreach (var sample in found.Samples)
            {
                batch.Add(sample.Metric, sample.Value, sample.Labels);
            }

            batch.Add("db_pack_query_success", 1, new Label("query", query.Id));
        }

        return new QueryPackResult(batch, failures);
    }

    private static async Task RunQueryAsync(DbConnection connection, QueryPack pack, PackQuery query, TimeSpan commandTimeout, SampleBatch batch, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(commandTimeout + TimeSpan.FromSeconds(2));
        var seconds = (int)Math.Clamp(Math.Ceiling(commandTimeout.TotalSeconds), 1, 3600);
        await using var transaction = pack.ReadOnlyStatement is null ? null : await connection.BeginTransactionAsync(deadline.Token);
        try
        {
            if (pack.ReadOnlyStatement is { } readOnly)
            {
                await using var setup = connection.CreateCommand();
                setup.Transaction = transaction;
                setup.CommandText = readOnly;
                setup.CommandTimeout = seconds;
                await setup.ExecuteNonQueryAsync(deadline.Token);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = query.Sql;
            command.CommandTimeout = seconds;
            await using var reader = await command.ExecuteReaderAsync(deadline.Token);
            var valueOrdinals = query.Metrics.Select(m => Ordinal(reader, m.ValueColumn)).ToArray();
            var labelOrdinals = query.LabelColumns.Select(c => Ordinal(reader, c)).ToArray();
            var rows = 0;
            while (await reader.ReadAsync(deadline.Token))
            {
                if (++rows > MaxRowsPerQuery)
                {
                    throw new CollectionFailure(DatabaseErrors.ResultTooLarge, ("reason", $"{query.Id}: more than {MaxRowsPerQuery} rows"));
                }

                var labels = new Label[labelOrdinals.Length];
                for (var i = 0; i < labels.Length; i++)
                {
                    var raw = reader.IsDBNull(labelOrdinals[i]) ? null : reader.GetValue(labelOrdinals[i]);
                    var text = Convert.ToString(raw, CultureInfo.InvariantCulture)?.Trim() ?? "";
                    labels[i] = new Label(query.LabelColumns[i].ToLowerInvariant(), text.Length > 256 ? text[..256] : text);
                }

                for (var m = 0; m < query.Metrics.Count; m++)
                {
                    if (!reader.IsDBNull(valueOrdinals[m]) && ToDouble(reader.GetValue(valueOrdinals[m])) is { } value)
                    {
                        batch.Add(query.Metrics[m].Name, value, labels);
                    }
                }
            }
        }
        finally
        {
            if (transaction is not null && connection.State == ConnectionState.Open)
            {
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
                catch (DbException)
                {
                    // Nothing was written; a failed rollback leaves nothing behind either.
                }
            }
        }
    }

    private static int Ordinal(DbDataReader reader, string column)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new CollectionFailure(DatabaseErrors.ResultInvalid, ("reason", $"the result has no column '{column}'"));
    }

    private static double? ToDouble(object value) => value switch
    {
        bool b => b ? 1 : 0,
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
