using System.Data.Common;
using System.Reflection;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Loads ADO.NET drivers the administrator drops into a plug-in folder (Oracle, SQL Server, DM,
/// KingbaseES…), each in its own collectible load context that resolves the driver's dependencies
/// from that folder.
/// </summary>
internal static class DbProviderPlugins
{
    /// <summary>
    /// Loads <paramref name="assemblyFile"/> from <paramref name="folder"/> and returns the
    /// factory's static <c>Instance</c>. Fails with driver_missing (no such folder or file) or
    /// driver_invalid (not an assembly, no such type, not a DbProviderFactory, no Instance).
    /// </summary>
    public static DbProviderPlugin Load(string folder, string assemblyFile, string factoryTypeName)
    {
        if (string.IsNullOrWhiteSpace(assemblyFile) || Path.GetFileName(assemblyFile) != assemblyFile)
        {
            throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"'{assemblyFile}' must be a file name inside the plug-in folder"));
        }

        var fullFolder = Path.GetFullPath(folder);
        var path = Path.Combine(fullFolder, assemblyFile);
        if (!Directory.Exists(fullFolder) || !File.Exists(path))
        {
            throw new CollectionFailure(DatabaseErrors.DriverMissing, ("reason", $"{path} does not exist"));
        }

        var context = new PluginLoadContext(fullFolder, "db-driver:" + assemblyFile);
        try
        {
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(path);
            }
            catch (BadImageFormatException e)
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{assemblyFile} is not a .NET assembly: {e.Message}"));
            }

            Type? type;
            try
            {
                type = assembly.GetType(factoryTypeName, throwOnError: false);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{factoryTypeName} cannot be loaded: {e.Message}"));
            }

            if (type is null)
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{assemblyFile} has no type {factoryTypeName}"));
            }

            if (!typeof(DbProviderFactory).IsAssignableFrom(type))
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{factoryTypeName} is not a DbProviderFactory"));
            }

            object? instance;
            try
            {
                instance = type.GetField("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                    ?? type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            }
            catch (Exception e) when (e is TargetInvocationException or TypeInitializationException or FileNotFoundException or FileLoadException)
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{factoryTypeName}.Instance failed: {(e.InnerException ?? e).Message}"));
            }

            if (instance is not DbProviderFactory factory)
            {
                throw new CollectionFailure(DatabaseErrors.DriverInvalid, ("reason", $"{factoryTypeName} has no static Instance"));
            }

            return new DbProviderPlugin(context, factory);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }
}
