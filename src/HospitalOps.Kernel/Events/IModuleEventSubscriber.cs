namespace HospitalOps.Kernel.Events;

/// <summary>
/// A module's reaction to other modules' events. Deliveries arrive in the order of publication, each at least once: a
/// delivery that fails (or whose node dies half-way) comes again, after back-off, before any later one. So a handler
/// must be idempotent, typically by a unique key on what it creates.
/// </summary>
public interface IModuleEventSubscriber
{
    /// <summary>A stable name: deliveries wait under it across restarts (<c>service-desk.alert-tickets</c>).</summary>
    string Name { get; }

    IReadOnlyCollection<string> Topics { get; }

    Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct);
}

/// <summary>
/// A subscriber that takes several deliveries at once, in publication order, so that it can do their work in one transaction
/// (an alert storm's thousands of notices, for instance, would otherwise cost a commit each and hold the write lock as often).
/// A batch is handed over again whole if it fails, so the same idempotence applies.
/// </summary>
public interface IModuleEventBatchSubscriber : IModuleEventSubscriber
{
    /// <summary>At most this many deliveries in one call.</summary>
    int MaxBatch { get; }

    Task HandleBatchAsync(IReadOnlyList<ModuleEvent> moduleEvents, CancellationToken ct);
}
