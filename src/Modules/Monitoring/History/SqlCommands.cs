using System.Data.Common;

namespace HospitalOps.Monitoring.History;

/// <summary>Prepared commands with positional parameters @p0…, reused across many rows on the hot paths.</summary>
internal static class SqlCommands
{
    public static DbCommand Prepare(DbConnection connection, DbTransaction? tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            command.Parameters.Add(p);
        }

        return command;
    }

    public static DbCommand With(this DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
