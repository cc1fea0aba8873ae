namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>Prometheus naming rules for metric and label names that come from configuration or query results.</summary>
internal static class MetricNames
{
    public const int MaxLength = 200;

    /// <summary>Metric names: [a-zA-Z_][a-zA-Z0-9_]*; colons are left to recording rules.</summary>
    public static bool IsValidMetric(string? name) => IsIdentifier(name);

    /// <summary>Label names: like metric names, and names starting with "__" are reserved.</summary>
    public static bool IsValidLabel(string? name) => IsIdentifier(name) && !name!.StartsWith("__", StringComparison.Ordinal);

    private static bool IsIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
