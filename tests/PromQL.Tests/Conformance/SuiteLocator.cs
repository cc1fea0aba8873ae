namespace HospitalOps.PromQL.Tests.Conformance;

/// <summary>
/// Finds Prometheus's PromQL test scripts, which live outside the repository: the HOSPITALOPS_PROMQL_SUITE variable,
/// then the shared folder beside the repository, then the machine-wide shared folder.
/// </summary>
public static class SuiteLocator
{
    public const string EnvironmentVariable = "HOSPITALOPS_PROMQL_SUITE";

    public static IReadOnlyList<string> Candidates()
    {
        var candidates = new List<string>();
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        var repoRoot = FindRepoRoot();
        if (repoRoot != null)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "conformance", "promql-v2.42")));
        }

        candidates.Add("/work/shared/conformance/promql-v2.42");
        return candidates;
    }

    public static string? Find() => Candidates().FirstOrDefault(Directory.Exists);

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HospitalOps.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
