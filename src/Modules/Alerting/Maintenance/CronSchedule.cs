namespace HospitalOps.Alerting.Maintenance;

/// <summary>
/// A five-field cron schedule (minute hour day-of-month month day-of-week; <c>*</c>, lists, ranges and steps such as
/// <c>*/15</c>, <c>1-5</c>, <c>0,30</c>; Sunday is 0 or 7), read in the hospital's time zone. Recurring maintenance
/// windows start at its times: "every Sunday 02:00" is <c>0 2 * * 0</c>, "the 1st of each month 22:30" is
/// <c>30 22 1 * *</c>. As in cron, when both day fields are restricted a day matching either one counts.
/// </summary>
internal sealed class CronSchedule
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronSchedule(bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool daysRestricted, bool weekdaysRestricted)
    {
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _daysRestricted = daysRestricted;
        _weekdaysRestricted = weekdaysRestricted;
    }

    /// <summary>The schedule, or a <see cref="FormatException"/> naming the field and the reason.</summary>
    public static CronSchedule Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"a schedule has 5 fields (minute hour day month weekday), not {fields.Length}");
        }

        var weekdays = Field(fields[4], 0, 7, "weekday");
        weekdays[0] |= weekdays[7];
        return new CronSchedule(
            Field(fields[0], 0, 59, "minute"),
            Field(fields[1], 0, 23, "hour"),
            Field(fields[2], 1, 31, "day"),
            Field(fields[3], 1, 12, "month"),
            weekdays,
            fields[2] != "*",
            fields[4] != "*");
    }

    public static string? Check(string text)
    {
        try
        {
            Parse(text);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Whether a window starts at this wall-clock minute.</summary>
    public bool StartsAt(DateTime local)
    {
        if (!_minutes[local.Minute] || !_hours[local.Hour] || !_months[local.Month])
        {
            return false;
        }

        var day = _days[local.Day];
        var weekday = _weekdays[(int)local.DayOfWeek];
        return _daysRestricted && _weekdaysRestricted ? day || weekday : day && weekday;
    }

    /// <summary>Every start from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), at most <paramref name="limit"/>.</summary>
    public IEnumerable<DateTime> Starts(DateTime from, DateTime to, int limit)
    {
        var count = 0;
        for (var t = new DateTime(from.Year, from.Month, from.Day, from.Hour, from.Minute, 0, from.Kind); t < to && count < limit; t = t.AddMinutes(1))
        {
            if (t >= from && StartsAt(t))
            {
                count++;
                yield return t;
            }
        }
    }

    /// <summary>The latest start at or before <paramref name="local"/> within <paramref name="lookBack"/>, if any.</summary>
    public DateTime? LatestStart(DateTime local, TimeSpan lookBack)
    {
        var minute = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Kind);
        var earliest = local - lookBack;
        for (var t = minute; t > earliest; t = t.AddMinutes(-1))
        {
            if (StartsAt(t))
            {
                return t;
            }
        }

        return null;
    }

    private static bool[] Field(string text, int min, int max, string name)
    {
        var allowed = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(part[(slash + 1)..], out step) || step < 1)
                {
                    throw new FormatException($"{name}: '{part}' has a bad step");
                }

                range = part[..slash];
            }

            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                if (!int.TryParse(range[..dash], out from) || !int.TryParse(range[(dash + 1)..], out to))
                {
                    throw new FormatException($"{name}: '{part}' is not a range");
                }
            }
            else if (int.TryParse(range, out from))
            {
                to = slash >= 0 ? max : from;
            }
            else
            {
                throw new FormatException($"{name}: '{part}' is not a number, range or *");
            }

            if (from < min || to > max || from > to)
            {
                throw new FormatException($"{name}: '{part}' is outside {min}-{max}");
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }
}
