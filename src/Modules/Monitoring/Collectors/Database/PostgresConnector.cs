using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;
using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Opens the one connection a PostgreSQL collection uses and turns driver exceptions into
/// <see cref="CollectionFailure"/> codes. The connection is unpooled so that nothing a collection
/// did (session settings, a lock) outlives it and the monitored server sees no idle pool.
/// </summary>
internal static class PostgresConnector
{
    public const string ApplicationName = "hospitalops-monitor";

    /// <summary>Opens a connection, or throws <see cref="CollectionFailure"/> (connect_failed, auth_failed, timeout).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", "invalid connection string: " + e.Message));
        }

        var seconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 3600);
        builder.ApplicationName = ApplicationName;
        builder.Pooling = false;
        builder.Timeout = seconds;
        builder.CommandTimeout = seconds;
        builder.Enlist = false;

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync();
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw ToFailure(e, connecting: true);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a deadline: whatever escapes it is a
    /// <see cref="CollectionFailure"/>, except the caller's own cancellation.
    /// </summary>
    public static async Task<T> WithDeadlineAsync<T>(TimeSpan timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> work)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await work(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CollectionFailure(DatabaseErrors.Timeout, ("reason", $"no answer within {timeout.TotalSeconds:0.###} s"));
        }
        catch (Exception e) when (e is not OperationCanceledException and not CollectionFailure)
        {
            throw ToFailure(e, connecting: false);
        }
    }

    /// <summary>The failure code of an exception thrown by Npgsql.</summary>
    public static CollectionFailure ToFailure(Exception exception, bool connecting)
    {
        switch (exception)
        {
            case CollectionFailure failure:
                return failure;
            case PostgresException pg:
                var message = pg.MessageText;
                return pg.SqlState switch
                {
                    "28P01" or "28000" => new CollectionFailure(DatabaseErrors.AuthFailed, ("reason", message)),
                    "57014" => new CollectionFailure(DatabaseErrors.Timeout, ("reason", message)),
                    "55P03" => new CollectionFailure(DatabaseErrors.Timeout, ("reason", message)),
                    "3D000" or "53300" or "57P03" => new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", message)),
                    _ when connecting => new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", message)),
                    _ => new CollectionFailure(DatabaseErrors.QueryFailed, ("reason", message)),
                };
            case NpgsqlException npgsql when npgsql.InnerException is TimeoutException:
                return new CollectionFailure(DatabaseErrors.Timeout, ("reason", npgsql.Message));
            case NpgsqlException npgsql when connecting || npgsql.InnerException is SocketException or IOException:
                return new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", npgsql.InnerException?.Message ?? npgsql.Message));
            case TimeoutException:
                return new CollectionFailure(DatabaseErrors.Timeout, ("reason", exception.Message));
            case SocketException or IOException:
                return new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", exception.Message));
            default:
                return new CollectionFailure(connecting ? DatabaseErrors.ConnectFailed : DatabaseErrors.QueryFailed, ("reason", exception.Message));
        }
    }
}
