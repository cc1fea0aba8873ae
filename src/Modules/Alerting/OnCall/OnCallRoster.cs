namespace HospitalOps.Alerting.OnCall;

/// <summary>A shift of the roster: who, from when to when, and why (rotation, holiday roster, override).</summary>
public sealed record OnCallShift(DateTimeOffset Start, DateTimeOffset End, string User, string Kind);

/// <summary>
/// Who is on duty when, computed from the roster alone (pure, so it is tested with written expectations). A shift runs
/// from one hand-over to the next in the hospital's local time; it belongs to the day it starts, so the holiday roster
/// covers a holiday from its hand-over to the next day's.
/// </summary>
internal sealed record OnCallRoster(
    IReadOnlyList<string> Participants,
    int RotationDays,
    TimeSpan Handover,
    DateOnly AnchorDate,
    IReadOnlyList<string> HolidayParticipants,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<OnCallOverride> Overrides)
{
    public const string Rotation = "rotation";
    public const string Holiday = "holiday";
    public const string Override = "override";

    public OnCallShift? OnDuty(DateTimeOffset at, TimeZoneInfo zone)
    {
        if (Overrides.LastOrDefault(o => o.From <= at && at < o.To) is { } covering)
        {
            return new OnCallShift(covering.From, covering.To, covering.User, Override);
        }

        var day = ShiftDay(at, zone);
        return DayShift(day, zone);
    }

    /// <summary>The shifts between two instants, overrides cut into the days they cover, for the calendar.</summary>
    public IReadOnlyList<OnCallShift> Shifts(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var shifts = new List<OnCallShift>();
        for (var day = ShiftDay(from, zone); ShiftStart(day, zone) < to && shifts.Count < 2000; day = day.AddDays(1))
        {
            if (DayShift(day, zone) is not { } shift)
            {
                continue;
            }

            // Overrides cut holes in the day's shift; what is left of it stays with the rotation.
            var pieces = new List<OnCallShift> { shift };
            foreach (var o in Overrides.Where(o => o.From < shift.End && o.To > shift.Start))
            {
                pieces = pieces.SelectMany(p => o.To <= p.Start || o.From >= p.End
                    ? [p]
                    : new[] { p with { End = o.From }, p with { Start = o.To } }.Where(x => x.Start < x.End)).ToList();
            }

            shifts.AddRange(pieces);
        }

        foreach (var o in Overrides.Where(o => o.From < to && o.To > from))
        {
            shifts.Add(new OnCallShift(o.From, o.To, o.User, Override));
        }

        return shifts.Where(s => s.End > from && s.Start < to).OrderBy(s => s.Start).ToList();
    }

    private OnCallShift? DayShift(DateOnly day, TimeZoneInfo zone)
    {
        var start = ShiftStart(day, zone);
        var end = ShiftStart(day.AddDays(1), zone);
        var holiday = HolidayIndex(day);
        if (holiday >= 0 && HolidayParticipants.Count > 0)
        {
            return new OnCallShift(start, end, HolidayParticipants[holiday % HolidayParticipants.Count], Holiday);
        }

        if (Participants.Count == 0)
        {
            return null;
        }

        var turn = (int)Math.Floor((day.DayNumber - AnchorDate.DayNumber) / (double)Math.Max(1, RotationDays));
        var index = ((turn % Participants.Count) + Participants.Count) % Participants.Count;
        return new OnCallShift(start, end, Participants[index], Rotation);
    }

    /// <summary>The holiday's place among the holidays (its turn in the holiday roster), or -1 for a normal day.</summary>
    private int HolidayIndex(DateOnly day)
    {
        for (var i = 0; i < Holidays.Count; i++)
        {
            if (Holidays[i] == day)
            {
                return i;
            }
        }

        return -1;
    }

    private DateOnly ShiftDay(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        return local.TimeOfDay < Handover ? day.AddDays(-1) : day;
    }

    private DateTimeOffset ShiftStart(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.FromTimeSpan(Handover));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
