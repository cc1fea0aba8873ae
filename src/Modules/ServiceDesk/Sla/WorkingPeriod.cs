using System.Globalization;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// One stretch of working time within a day, as wall-clock offsets from local midnight: [<see cref="Start"/>, <see cref="End"/>).
/// <see cref="End"/> may be 24:00, so a period can run to the end of the day.
/// </summary>
internal sealed record WorkingPeriod
{
    private static readonly TimeSpan EndOfDay = TimeSpan.FromHours(24);

    public WorkingPeriod(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || end > EndOfDay || start >= end)
        {
            throw new ArgumentException($"A working period must lie within 00:00–24:00 and end after it starts: {Format(start)}–{Format(end)}.");
        }

        Start = start;
        End = end;
    }

    public TimeSpan Start { get; }

    public TimeSpan End { get; }

    public TimeSpan Length => End - Start;

    /// <summary>A period from wall-clock texts such as "08:00" and "18:00" ("24:00" for midnight at the end of the day).</summary>
    public static WorkingPeriod Of(string start, string end) => new(ParseTime(start), ParseTime(end));

    public override string ToString() => $"{Format(Start)}–{Format(End)}";

    private static TimeSpan ParseTime(string text)
    {
        if (text == "24:00")
        {
            return EndOfDay;
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : throw new ArgumentException($"'{text}' is not a time of day (HH:mm).");
    }

    private static string Format(TimeSpan time) =>
        $"{(int)time.TotalHours:00}:{time.Minutes:00}" + (time.Seconds != 0 || time.Milliseconds != 0 ? $":{time.Seconds:00}.{time.Milliseconds:000}" : "");
}
