namespace HospitalOps.Tests.Support;

/// <summary>
/// A clock tests move by hand: time-dependent rules are tested without sleeping. A running clock
/// (<see cref="Running"/>) follows real time and can still be moved ahead, for tests of
/// background work that must see time pass (schedules, leases).
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private TimeSpan _ahead;
    private bool _running;

    public ManualClock()
        : this(new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero))
    {
    }

    public static ManualClock Running() => new(DateTimeOffset.MinValue) { _running = true };

    public override DateTimeOffset GetUtcNow() => _running ? System.GetUtcNow() + _ahead : _now;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _ahead += by;
    }
}
