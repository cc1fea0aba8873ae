namespace HospitalOps.Kernel.Observability;

/// <summary>Connections in use and opened, per database role, for /metrics.</summary>
public static class DatabaseMetrics
{
    private static readonly long[] InUseCounts = new long[2];
    private static readonly long[] OpenedCounts = new long[2];
    private static readonly string[] Names = ["config", "history"];

    internal static void Opened(int role)
    {
        Interlocked.Increment(ref InUseCounts[role]);
        Interlocked.Increment(ref OpenedCounts[role]);
    }

    internal static void Closed(int role) => Interlocked.Decrement(ref InUseCounts[role]);

    public static IEnumerable<(string[] Labels, double Value)> InUse() =>
        Names.Select((n, i) => (new[] { n }, (double)Interlocked.Read(ref InUseCounts[i])));

    public static IEnumerable<(string[] Labels, double Value)> Opened() =>
        Names.Select((n, i) => (new[] { n }, (double)Interlocked.Read(ref OpenedCounts[i])));
}
