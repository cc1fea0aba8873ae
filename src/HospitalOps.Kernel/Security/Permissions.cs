using System.Collections.Concurrent;

namespace HospitalOps.Kernel.Security;

/// <summary>
/// A named right, per module (<c>cmdb.write</c>), with its label in both languages.
/// <see cref="Administrative"/> rights (changing a module's model or settings) go to the system
/// administrator's built-in role, not to engineers.
/// </summary>
public sealed record Permission(string Name, string Module, string LabelZh, string LabelEn, bool Administrative = false);

/// <summary>Every permission the running modules define; roles may only hold these.</summary>
public static class PermissionCatalog
{
    private static readonly ConcurrentDictionary<string, Permission> All = new(StringComparer.Ordinal);

    public static void Register(params Permission[] permissions)
    {
        foreach (var p in permissions)
        {
            All[p.Name] = p;
        }
    }

    public static bool Exists(string name) => All.ContainsKey(name);

    public static IReadOnlyList<Permission> List() => All.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
}
