namespace HospitalOps.ServiceDesk.Records;

/// <summary>A transition of a ticket's history, as the work log reads it.</summary>
internal sealed record StateMove(long At, string? Actor, string? FromState, string ToState);

/// <summary>One stay of an engineer on site for a ticket: from the arrival step until the ticket left the on-site state.</summary>
internal sealed record OnSiteVisit(string Engineer, DateTimeOffset Arrived, DateTimeOffset? Left);

/// <summary>
/// On-site visits from a ticket's state history, and the person-days they make. A visit starts when a transition enters a state
/// that the workflow's arrival step leads to (到场) and ends with the next transition out of it (resolved, put on hold,
/// re-dispatched); the engineer is whoever took the arrival step. A person-day is one engineer on site on one calendar day in the
/// hospital's zone, however long: two visits on one day are one person-day, a visit across midnight is one on each day.
/// </summary>
internal static class OnSiteVisits
{
    public static List<OnSiteVisit> From(IEnumerable<StateMove> moves, IReadOnlySet<string> onSiteStates)
    {
        var visits = new List<OnSiteVisit>();
        (string Engineer, long At)? open = null;
        foreach (var move in moves)
        {
            var wasOnSite = move.FromState is { } from && onSiteStates.Contains(from);
            var isOnSite = onSiteStates.Contains(move.ToState);
            if (open is { } o && wasOnSite && !isOnSite)
            {
                visits.Add(new OnSiteVisit(o.Engineer, DateTimeOffset.FromUnixTimeMilliseconds(o.At), DateTimeOffset.FromUnixTimeMilliseconds(move.At)));
                open = null;
            }
            else if (open is null && isOnSite && !wasOnSite && move.Actor is { } engineer)
            {
                open = (engineer, move.At);
            }
        }

        if (open is { } still)
        {
            visits.Add(new OnSiteVisit(still.Engineer, DateTimeOffset.FromUnixTimeMilliseconds(still.At), null));
        }

        return visits;
    }

    /// <summary>
    /// The calendar days of <paramref name="zone"/> the stay [arrived, left) touches within [<paramref name="first"/>,
    /// <paramref name="last"/>]; a stay of no length still counts its day.
    /// </summary>
    public static List<DateOnly> Days(DateTimeOffset arrived, DateTimeOffset left, TimeZoneInfo zone, DateOnly first, DateOnly last)
    {
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(arrived, zone).DateTime);
        var endExclusive = left <= arrived ? arrived : left.AddTicks(-1);
        var end = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(endExclusive, zone).DateTime);
        var days = new List<DateOnly>();
        for (var d = start < first ? first : start; d <= end && d <= last; d = d.AddDays(1))
        {
            days.Add(d);
        }

        return days;
    }

    /// <summary>The hours of the stay [arrived, left) that fall within [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static double Hours(DateTimeOffset arrived, DateTimeOffset left, DateTimeOffset from, DateTimeOffset to)
    {
        var start = arrived > from ? arrived : from;
        var end = left < to ? left : to;
        return end > start ? (end - start).TotalHours : 0;
    }

    /// <summary>Person-days: distinct (engineer, day) pairs.</summary>
    public static int PersonDays(IEnumerable<(string Engineer, DateOnly Day)> onSite) => onSite.Distinct().Count();
}
