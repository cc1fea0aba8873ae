namespace HospitalOps.ServiceDesk.Sla;

/// <summary>A half-open stretch of time [<see cref="Start"/>, <see cref="End"/>) between two instants.</summary>
internal readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;

    public bool Contains(DateTimeOffset instant) => Start <= instant && instant < End;

    /// <summary>The part of this range that lies inside <paramref name="other"/> (empty when they do not meet).</summary>
    public TimeRange Intersect(TimeRange other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end > start ? new TimeRange(start, end) : new TimeRange(start, start);
    }
}
