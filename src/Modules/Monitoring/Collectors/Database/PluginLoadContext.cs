using System.Reflection;
using System.Runtime.Loader;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// A collectible load context for one driver plug-in folder. The driver and its own dependencies
/// load from the folder; assemblies of the shared .NET framework always come from the host, even
/// when the folder holds a copy, so that DbProviderFactory and DbConnection are the host's types.
/// </summary>
internal sealed class PluginLoadContext(string folder, string name) : AssemblyLoadContext(name, isCollectible: true)
{
    private static readonly Lazy<HashSet<string>> FrameworkAssemblies = new(ReadFrameworkAssemblies);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { Length: > 0 } simpleName || FrameworkAssemblies.Value.Contains(simpleName))
        {
            return null;
        }

        var path = Path.Combine(folder, simpleName + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in new[] { unmanagedDllName, unmanagedDllName + ".dll", "lib" + unmanagedDllName + ".so", unmanagedDllName + ".so" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }

        return IntPtr.Zero;
    }

    /// <summary>Simple names of the assemblies the runtime's shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App) provide.</summary>
    private static HashSet<string> ReadFrameworkAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var coreDir = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var sharedDir = coreDir is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(coreDir));
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (sharedDir is not null && path.StartsWith(sharedDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        // Without a file list (single-file hosts) the core library names still have to be shared.
        names.Add("System.Private.CoreLib");
        names.Add("System.Runtime");
        names.Add("System.Data.Common");
        names.Add("netstandard");
        return names;
    }
}
