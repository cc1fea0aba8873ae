namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// What a ticket must reach and within how much time of <see cref="Calendar"/>: e.g. resolution within 20 h of a Monday–Friday
/// 08:00–18:00 calendar ("2 working days"), or response within 0.5 h of clock time (a 7×24 calendar).
/// </summary>
/// <param name="Duration">The time allowed, counted only while <see cref="Calendar"/> is working.</param>
internal sealed record SlaTarget(SlaTargetKind Kind, TimeSpan Duration, BusinessCalendar Calendar)
{
    public TimeSpan Duration { get; } = Duration >= TimeSpan.Zero ? Duration : throw new ArgumentOutOfRangeException(nameof(Duration), "A target's duration cannot be negative.");

    /// <summary>A different allowance for tickets opened outside working hours (e.g. "0.5 h in work hours, 1 h outside").</summary>
    public OutsideHoursAllowance? OutsideHours { get; init; }

    /// <summary>The time allowed to a ticket opened at <paramref name="openedAt"/>: the opening instant decides, the rest of the ticket's life does not.</summary>
    public TimeSpan DurationFor(DateTimeOffset openedAt) =>
        OutsideHours is { } outside && !outside.WorkingHours.IsWorkingTime(openedAt) ? outside.Duration : Duration;
}

/// <summary>
/// The allowance of a target for tickets opened when <see cref="WorkingHours"/> is not working. The target's own calendar
/// still measures it: on a 7×24 calendar "1 h outside hours" is one hour of clock time.
/// </summary>
internal sealed record OutsideHoursAllowance(BusinessCalendar WorkingHours, TimeSpan Duration)
{
    public TimeSpan Duration { get; } = Duration >= TimeSpan.Zero ? Duration : throw new ArgumentOutOfRangeException(nameof(Duration), "A target's duration cannot be negative.");
}

/// <summary>The moments of a ticket a maintenance contract sets times for.</summary>
internal enum SlaTargetKind
{
    /// <summary>响应: an engineer has taken the ticket.</summary>
    Response,

    /// <summary>到场: an engineer has arrived on site.</summary>
    OnSiteArrival,

    /// <summary>解决: the fault is repaired or the request fulfilled.</summary>
    Resolution,
}
