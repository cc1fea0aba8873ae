namespace HospitalOps.ServiceDesk.Sla;

/// <summary>Where a ticket's clock for one target stands at an instant.</summary>
/// <param name="Allowed">The target's duration for this ticket (after the outside-hours choice).</param>
/// <param name="Used">Working time of the calendar since the start, minus paused time, up to now or the stop.</param>
/// <param name="Remaining">What is left of <paramref name="Allowed"/>; zero once it is used up.</param>
/// <param name="Overdue">Working time used beyond <paramref name="Allowed"/>; zero while within it.</param>
/// <param name="Deadline">When the target falls due given the pauses so far; null while an open pause stops the clock before it.</param>
/// <param name="BreachedAt">The instant the target was breached (the deadline), when it was.</param>
/// <param name="FractionUsed"><paramref name="Used"/> / <paramref name="Allowed"/> (may exceed 1); 1 for a zero allowance.</param>
/// <param name="NextChange">
/// The next instant the clock's colour or outcome changes if nothing more happens to the ticket (it turns yellow or red, or falls due);
/// null when the clock is stopped, paused or breached. The SLA sweep recomputes a ticket only once this instant has passed.
/// </param>
internal sealed record SlaClockState(
    SlaTargetKind Kind,
    TimeSpan Allowed,
    TimeSpan Used,
    TimeSpan Remaining,
    TimeSpan Overdue,
    DateTimeOffset? Deadline,
    bool IsPaused,
    SlaOutcome Outcome,
    DateTimeOffset? BreachedAt,
    double FractionUsed,
    SlaColour Colour,
    DateTimeOffset? NextChange)
{
    public bool IsStopped => Outcome is SlaOutcome.MetOnTime or SlaOutcome.MetLate;

    public bool IsBreached => BreachedAt is not null;
}

/// <summary>Whether a target has been met, and in time.</summary>
internal enum SlaOutcome
{
    /// <summary>Not met yet and time is left (running or paused).</summary>
    InProgress,

    /// <summary>Not met and its time is used up.</summary>
    Breached,

    /// <summary>Met at or before the deadline.</summary>
    MetOnTime,

    /// <summary>Met after the deadline.</summary>
    MetLate,
}

/// <summary>The colour boards show for a clock.</summary>
internal enum SlaColour
{
    /// <summary>Less than the yellow threshold (half) of the time used.</summary>
    Green,

    /// <summary>At least the yellow threshold used.</summary>
    Yellow,

    /// <summary>At least the red threshold (80 % by default) used: close to breach.</summary>
    Red,

    /// <summary>Breached (or met late).</summary>
    Black,
}
