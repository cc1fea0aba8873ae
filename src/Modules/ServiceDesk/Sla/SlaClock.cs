namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// One target's clock on one ticket: it starts when the ticket opens, counts only the working time of the target's calendar,
/// stands still while the ticket waits (pauses), and stops when the target is met. <see cref="At"/> tells where it stands at
/// any instant, from the facts known then; it holds no state of its own, so a board recomputes every clock from the same facts.
/// </summary>
internal sealed class SlaClock
{
    private static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;

    /// <param name="target">What is to be met, within how much time, on which calendar.</param>
    /// <param name="startedAt">When the ticket was opened (its clocks start).</param>
    /// <param name="pauses">The waiting times, in any order; they may overlap each other and non-working time.</param>
    /// <param name="stoppedAt">When the target was met (responded, arrived, resolved), if it was.</param>
    /// <param name="thresholds">When the colour turns yellow and red; <see cref="SlaColourThresholds.Default"/> when null.</param>
    public SlaClock(SlaTarget target, DateTimeOffset startedAt, IEnumerable<SlaPause>? pauses = null, DateTimeOffset? stoppedAt = null, SlaColourThresholds? thresholds = null)
    {
        if (stoppedAt < startedAt)
        {
            throw new ArgumentException($"A clock cannot stop ({stoppedAt:O}) before it starts ({startedAt:O}).", nameof(stoppedAt));
        }

        Target = target;
        StartedAt = startedAt.ToUniversalTime();
        Pauses = pauses?.ToArray() ?? [];
        StoppedAt = stoppedAt?.ToUniversalTime();
        Thresholds = thresholds ?? SlaColourThresholds.Default;
        Allowed = target.DurationFor(startedAt);
    }

    public SlaTarget Target { get; }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<SlaPause> Pauses { get; }

    public DateTimeOffset? StoppedAt { get; }

    public SlaColourThresholds Thresholds { get; }

    /// <summary>The time allowed to this ticket, chosen by its opening instant.</summary>
    public TimeSpan Allowed { get; }

    /// <summary>The clock as it stands at <paramref name="now"/>: a stop or pause later than <paramref name="now"/> has not happened yet.</summary>
    /// <exception cref="NoWorkingTimeException">The target's calendar has no working time.</exception>
    public SlaClockState At(DateTimeOffset now)
    {
        var stopped = StoppedAt is { } stop && stop <= now;
        var end = stopped ? StoppedAt!.Value : (now > StartedAt ? now : StartedAt);
        var pauses = PausesUntil(end, stopped);

        var (used, yellowAt, redAt, deadline) = Walk(pauses, end);
        DateTimeOffset? breachedAt = deadline is { } due && (stopped ? due < end : due <= now) ? due : null;
        var outcome = (stopped, breachedAt is not null) switch
        {
            (true, false) => SlaOutcome.MetOnTime,
            (true, true) => SlaOutcome.MetLate,
            (false, true) => SlaOutcome.Breached,
            (false, false) => SlaOutcome.InProgress,
        };
        var fraction = Allowed == TimeSpan.Zero ? 1.0 : (double)used.Ticks / Allowed.Ticks;
        var isPaused = !stopped && pauses.Count > 0 && pauses[^1].End == Never;
        // Only a running clock changes by itself; a stopped, paused or breached one stays as it is until the ticket changes.
        DateTimeOffset? nextChange = stopped || isPaused || breachedAt is not null ? null
            : yellowAt > now ? yellowAt
            : redAt > now ? redAt
            : deadline;

        return new SlaClockState(
            Target.Kind,
            Allowed,
            used,
            Remaining: used < Allowed ? Allowed - used : TimeSpan.Zero,
            Overdue: used > Allowed ? used - Allowed : TimeSpan.Zero,
            deadline,
            isPaused,
            outcome,
            breachedAt,
            fraction,
            ColourOf(fraction, breachedAt is not null),
            nextChange);
    }

    private SlaColour ColourOf(double fraction, bool breached) =>
        breached ? SlaColour.Black
        : fraction >= Thresholds.Red ? SlaColour.Red
        : fraction >= Thresholds.Yellow ? SlaColour.Yellow
        : SlaColour.Green;

    /// <summary>
    /// One walk of the counted time (the calendar's working time minus the pauses): how much of it lies before <paramref name="end"/>,
    /// and when it reaches the yellow and red shares of <see cref="Allowed"/> and all of it (the deadline); null for those an open
    /// pause stops the clock before.
    /// </summary>
    private (TimeSpan Used, DateTimeOffset? Yellow, DateTimeOffset? Red, DateTimeOffset? Deadline) Walk(IReadOnlyList<TimeRange> pauses, DateTimeOffset end)
    {
        ReadOnlySpan<TimeSpan> marks = [Share(Thresholds.Yellow), Share(Thresholds.Red), Allowed];
        Span<DateTimeOffset?> reached = [null, null, null];
        var next = 0;
        if (Allowed == TimeSpan.Zero)
        {
            reached.Fill(StartedAt);
            next = marks.Length;
        }

        var used = TimeSpan.Zero;
        var counted = TimeSpan.Zero;
        foreach (var range in CountedRanges(pauses))
        {
            if (range.Start < end)
            {
                used += (range.End < end ? range.End : end) - range.Start;
            }

            while (next < marks.Length && marks[next] - counted <= range.Length)
            {
                reached[next] = range.Start + (marks[next] - counted);
                next++;
            }

            if (next == marks.Length && range.End >= end)
            {
                break;
            }

            counted += range.Length;
        }

        return (used, reached[0], reached[1], reached[2]);
    }

    /// <summary>The time used at which the colour's share is reached (rounded up, so the colour has turned by then).</summary>
    private TimeSpan Share(double threshold) => TimeSpan.FromTicks(Math.Min(Allowed.Ticks, (long)Math.Ceiling(Allowed.Ticks * threshold)));

    /// <summary>
    /// The pauses known at <paramref name="end"/>, from the start on, merged and in order. One still open then runs to
    /// <see cref="Never"/> on a running clock (nobody knows when the wait ends) and to the stop on a stopped one.
    /// </summary>
    private List<TimeRange> PausesUntil(DateTimeOffset end, bool stopped)
    {
        var merged = new List<TimeRange>();
        // A pause that begins at this very instant already holds a running clock (the ticket was just put on hold).
        foreach (var pause in Pauses.Where(p => p.From < end || (!stopped && p.From == end)).OrderBy(p => p.From))
        {
            var from = pause.From > StartedAt ? pause.From.ToUniversalTime() : StartedAt;
            var until = pause.Until is { } u && u <= end ? u.ToUniversalTime() : stopped ? end : Never;
            if (until <= from)
            {
                continue;
            }

            if (merged.Count > 0 && from <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = until > merged[^1].End ? until : merged[^1].End };
            }
            else
            {
                merged.Add(new TimeRange(from, until));
            }
        }

        return merged;
    }

    /// <summary>The calendar's working time from the start on, minus the pauses; it ends where an open pause begins.</summary>
    private IEnumerable<TimeRange> CountedRanges(IReadOnlyList<TimeRange> pauses)
    {
        var next = 0;
        foreach (var range in Target.Calendar.WorkingRangesFrom(StartedAt))
        {
            var cursor = range.Start;
            while (cursor < range.End)
            {
                while (next < pauses.Count && pauses[next].End <= cursor)
                {
                    next++;
                }

                if (next == pauses.Count || pauses[next].Start >= range.End)
                {
                    yield return new TimeRange(cursor, range.End);
                    break;
                }

                if (pauses[next].Start > cursor)
                {
                    yield return new TimeRange(cursor, pauses[next].Start);
                }

                if (pauses[next].End == Never)
                {
                    yield break;
                }

                cursor = pauses[next].End;
            }
        }
    }
}
