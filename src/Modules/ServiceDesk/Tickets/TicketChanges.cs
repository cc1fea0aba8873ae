namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Tells this node's live views (boards, open ticket lists) that tickets changed, after the change is committed.</summary>
internal static class TicketChanges
{
    private static long _version;

    /// <summary>Raised after a commit that changed tickets; handlers must return quickly.</summary>
    public static event Action<long>? Changed;

    public static long Version => Interlocked.Read(ref _version);

    public static void Signal() => Changed?.Invoke(Interlocked.Increment(ref _version));
}
