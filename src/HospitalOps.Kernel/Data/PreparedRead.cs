using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace HospitalOps.Kernel.Data;

/// <summary>
/// A small read asked on every request (a generation number, a short list). On SQLite one connection keeps the
/// statement prepared, so asking costs a few microseconds instead of a pooled open and a parse each time; on
/// PostgreSQL it is an ordinary pooled read. Always reads the database: nothing is answered from memory.
/// </summary>
public sealed class PreparedRead(Database database, string sql) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommand? _command;

    public Task<T> ReadAsync<T>(Func<DbDataReader, T> read, CancellationToken ct) => ReadAsync([], read, ct);

    /// <summary>Runs the statement with the values of its parameters <c>@p0</c>, <c>@p1</c>, … in order.</summary>
    public async Task<T> ReadAsync<T>(object[] values, Func<DbDataReader, T> read, CancellationToken ct)
    {
        if (database.Engine != DatabaseEngine.Sqlite)
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Bind(command, values);
            await using var rows = await command.ExecuteReaderAsync(ct);
            return read(rows);
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_command is null)
            {
                _connection = (SqliteConnection)await database.OpenAsync(ct);
                _command = _connection.CreateCommand();
                _command.CommandText = sql;
                Bind(_command, values);
                _command.Prepare();
            }
            else
            {
                for (var i = 0; i < values.Length; i++)
                {
                    _command.Parameters[i].Value = values[i];
                }
            }

            using var rows = _command.ExecuteReader();
            return read(rows);
        }
        catch
        {
            // A broken connection is opened again at the next read.
            Close();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => Close();

    private static void Bind(DbCommand command, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            p.Value = values[i];
            command.Parameters.Add(p);
        }
    }

    private void Close()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }
}
