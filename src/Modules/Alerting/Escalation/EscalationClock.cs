namespace HospitalOps.Alerting.Escalation;

/// <summary>
/// When each escalation of an unacknowledged event is due: level i at its own delay after the first notification, then the
/// last level again every repeat interval. Moments are numbered (seq 0, 1, …) so each is sent once.
/// </summary>
internal static class EscalationClock
{
    /// <summary>The latest moment due at <paramref name="now"/> after <paramref name="doneSeq"/>, as (seq, step), or null.</summary>
    public static (int Seq, int Step)? Due(IReadOnlyList<EscalationStep> steps, int? repeatMinutes, DateTimeOffset firstNotified, int doneSeq, DateTimeOffset now)
    {
        if (steps.Count == 0)
        {
            return null;
        }

        (int Seq, int Step)? latest = null;
        for (var seq = doneSeq + 1; seq < 10_000; seq++)
        {
            var (step, at) = Moment(steps, repeatMinutes, firstNotified, seq);
            if (at is null || at > now)
            {
                break;
            }

            latest = (seq, step);
        }

        return latest;
    }

    /// <summary>Which step moment <paramref name="seq"/> is, and when it is due (null when the policy never gets there).</summary>
    public static (int Step, DateTimeOffset? At) Moment(IReadOnlyList<EscalationStep> steps, int? repeatMinutes, DateTimeOffset firstNotified, int seq)
    {
        if (seq < steps.Count)
        {
            return (seq, firstNotified.AddMinutes(steps[seq].AfterMinutes));
        }

        if (repeatMinutes is not > 0)
        {
            return (steps.Count - 1, null);
        }

        var last = firstNotified.AddMinutes(steps[^1].AfterMinutes);
        return (steps.Count - 1, last.AddMinutes((double)repeatMinutes.Value * (seq - steps.Count + 1)));
    }
}
