using System.Reflection;

namespace HospitalOps.Platform.Tests.Architecture;

/// <summary>
/// DESIGN.md's rules, enforced: only the host references module implementations; a module may
/// use the kernel, the libraries (src/Libraries: pure code without I/O, such as the PromQL engine and text search)
/// and other modules' Contracts, never another module or the host.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Host = typeof(HospitalOps.Host.Platform.PlatformHost).Assembly;

    /// <summary>The libraries under src/Libraries.</summary>
    private static readonly HashSet<string> Libraries = ["HospitalOps.PromQL", "HospitalOps.TextSearch", "HospitalOps.RichText"];

    internal static IReadOnlyList<Assembly> Modules() =>
        Host.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("HospitalOps.", StringComparison.Ordinal) && a.Name != "HospitalOps.Kernel" && !a.Name.EndsWith(".Contracts", StringComparison.Ordinal) && !Libraries.Contains(a.Name))
            .Select(Assembly.Load)
            .ToList();

    [Fact]
    public void Host_ReferencesAtLeastTheIdentityModule() =>
        Modules().Select(m => m.GetName().Name).ShouldContain("HospitalOps.Identity");

    [Fact]
    public void Modules_ReferenceOnlyKernelAndContracts() =>
        Violations(Modules()).ShouldBeEmpty();

    [Fact]
    public void Libraries_ReferenceNothingOfTheProduct()
    {
        foreach (var library in Libraries.Select(name => Assembly.Load(name)))
        {
            library.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("HospitalOps.", StringComparison.Ordinal)).Select(a => a.Name).ShouldBeEmpty();
        }
    }

    [Fact]
    public void Kernel_ReferencesNoModuleAndNotTheHost()
    {
        var kernel = typeof(HospitalOps.Kernel.Data.Database).Assembly;
        kernel.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("HospitalOps.", StringComparison.Ordinal))
            .Select(a => a.Name)
            .ShouldBeEmpty();
    }

    [Fact]
    public void Rule_DetectsAModuleThatReferencesTheHost()
    {
        // The test project itself references the host: the rule must flag it as a module would be flagged.
        Violations([typeof(ModuleBoundaryTests).Assembly.GetReferencedAssemblies().Any(a => a.Name == "HospitalOps.Tests.Support")
            ? Assembly.Load("HospitalOps.Tests.Support")
            : throw new InvalidOperationException("support assembly missing")]).ShouldNotBeEmpty();
    }

    private static List<string> Violations(IEnumerable<Assembly> modules)
    {
        var violations = new List<string>();
        foreach (var module in modules)
        {
            foreach (var reference in module.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("HospitalOps.", StringComparison.Ordinal)))
            {
                var allowed = reference.Name == "HospitalOps.Kernel" || reference.Name!.EndsWith(".Contracts", StringComparison.Ordinal) || Libraries.Contains(reference.Name);
                if (!allowed)
                {
                    violations.Add($"{module.GetName().Name} → {reference.Name}");
                }
            }
        }

        return violations;
    }

    [Fact]
    public void ModuleTypes_ArePublicOnlyForEntryPointsOptionsAndDataShapes()
    {
        foreach (var module in Modules())
        {
            var exposed = module.GetExportedTypes()
                .Where(t => !t.Name.EndsWith("Module", StringComparison.Ordinal) && !t.Name.EndsWith("Startup", StringComparison.Ordinal)
                    && !t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.Name.EndsWith("Permissions", StringComparison.Ordinal)
                    && !IsDataShape(t))
                .Select(t => t.FullName)
                .ToList();
            exposed.ShouldBeEmpty($"{module.GetName().Name} exposes types beyond its entry points and request/response shapes");
        }
    }

    // Requests and responses (records with only properties) are public so OpenAPI can describe them.
    private static bool IsDataShape(Type t) =>
        !t.IsInterface && !t.IsAbstract && t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .All(m => m.IsSpecialName || m.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "<Clone>$");
}
