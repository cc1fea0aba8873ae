using System.Data.Common;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>Failure codes for exceptions of drivers the platform does not know by type (plug-ins).</summary>
internal static class DbFailures
{
    public static CollectionFailure FromProvider(Exception exception, bool connecting, bool deadlinePassed)
    {
        if (exception is CollectionFailure failure)
        {
            return failure;
        }

        if (deadlinePassed || exception is OperationCanceledException or TimeoutException || exception.InnerException is TimeoutException)
        {
            return new CollectionFailure(DatabaseErrors.Timeout, ("reason", exception.Message));
        }

        // Drivers agree on the SQLSTATE class 28 (invalid authorization) where they expose one.
        if (exception is DbException { SqlState: { Length: 5 } state } && state.StartsWith("28", StringComparison.Ordinal))
        {
            return new CollectionFailure(DatabaseErrors.AuthFailed, ("reason", exception.Message));
        }

        // Drivers without SQLSTATE: Oracle ORA-01017 and SQL Server error 18456 (login failed) carry it in Number.
        if (exception is DbException && exception.GetType().GetProperty("Number")?.GetValue(exception) is int number && number is 1017 or 18456)
        {
            return new CollectionFailure(DatabaseErrors.AuthFailed, ("reason", exception.Message));
        }

        if (connecting || exception is SocketException or IOException || exception.InnerException is SocketException or IOException)
        {
            return new CollectionFailure(DatabaseErrors.ConnectFailed, ("reason", exception.Message));
        }

        return new CollectionFailure(DatabaseErrors.QueryFailed, ("reason", exception.Message));
    }
}
