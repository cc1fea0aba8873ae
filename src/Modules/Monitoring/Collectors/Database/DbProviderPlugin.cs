using System.Data.Common;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// A loaded ADO.NET driver: its <see cref="DbProviderFactory"/> and the load context it lives in.
/// Disposing unloads the context once nothing uses the driver's types any more.
/// </summary>
internal sealed class DbProviderPlugin : IDisposable
{
    private readonly PluginLoadContext _context;

    internal DbProviderPlugin(PluginLoadContext context, DbProviderFactory factory)
    {
        _context = context;
        Factory = factory;
    }

    public DbProviderFactory Factory { get; }

    public System.Runtime.Loader.AssemblyLoadContext LoadContext => _context;

    /// <summary>Opens a connection through the driver, or throws <see cref="CollectionFailure"/>.</summary>
    public async Task<DbConnection> OpenAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DbConnection? connection = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            connection = Factory.CreateConnection()
                ?? throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", Factory.GetType().FullName + ".CreateConnection() returned nothing"));
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(deadline.Token);
            return connection;
        }
        catch (Exception e) when (e is not CollectionFailure && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw DbFailures.FromProvider(e, connecting: true, deadline.IsCancellationRequested);
        }
    }

    public void Dispose() => _context.Unload();
}
