namespace HospitalOps.Kernel.Data;

/// <summary>
/// Work a module does at every start after the migrations, idempotently (seeding built-in data
/// that later releases may extend). Lower <see cref="Order"/> runs first.
/// </summary>
public interface IStartupTask
{
    int Order { get; }

    Task RunAsync(CancellationToken ct);
}
