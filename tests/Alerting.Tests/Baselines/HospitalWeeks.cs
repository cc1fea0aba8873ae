using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines;

/// <summary>
/// A small hand-built series for the detector tests: five weeks at 5-minute steps from Monday 2 March 2026 (Asia/Shanghai),
/// the first four to learn from, the fifth to test on. Working days have a night floor of 100 and a tide to 1,000
/// (morning peak at 10:00, afternoon at 15:00); rest days stay near 100 with a small midday bump to 200. The fifth week's
/// Wednesday (1 April) is a public holiday and its Saturday (4 April) a make-up working day; the series behaves as the
/// hospital does on them. Noise is ±3 % from a hash of the time, so the series is the same on every run.
/// </summary>
internal sealed class HospitalWeeks
{
    public const long Step = 5 * 60_000;
    public const long Hour = 3_600_000;
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly DateOnly FirstDay = new(2026, 3, 2);
    public static readonly DateOnly Holiday = FirstDay.AddDays(30);
    public static readonly DateOnly MakeUpDay = FirstDay.AddDays(33);
    public static readonly WorkCalendar Calendar = new([new(Holiday, CalendarDayKind.PublicHoliday), new(MakeUpDay, CalendarDayKind.MakeUpWorkday)]);

    public HospitalWeeks(Func<long, double, double>? change = null)
    {
        Start = LocalDay.Midnight(Zone, FirstDay);
        TestStart = LocalDay.Midnight(Zone, FirstDay.AddDays(28));
        var values = new double[35 * 288];
        for (var i = 0; i < values.Length; i++)
        {
            var t = Start + (i * Step);
            values[i] = Normal(t);
            if (change is not null && t >= TestStart)
            {
                values[i] = change(t, values[i]);
            }
        }

        Series = new RegularSeries(Start, Step, values);
        Profile = SeasonalProfile.Learn(Series.Slice(Start, TestStart), Calendar, new ProfileSettings(Zone));
    }

    public long Start { get; }

    public long TestStart { get; }

    public RegularSeries Series { get; }

    public SeasonalProfile Profile { get; }

    /// <summary>A local time of the test week: day 0 is Monday 30 March.</summary>
    public static long At(int testDay, double hour) => LocalDay.Midnight(Zone, FirstDay.AddDays(28 + testDay)) + (long)(hour * Hour);

    public static double Normal(long t)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var hour = local.TimeOfDay.TotalHours;
        var tide = Calendar.IsWorkingDay(date)
            ? 900 * (Bump(hour, 10, 1.3) + (0.8 * Bump(hour, 15, 1.4)))
            : 100 * Bump(hour, 12, 2.5);
        return (100 + tide) * (1 + (0.03 * Noise(t)));
    }

    /// <summary>A level with the series' noise: what a day without its tide looks like.</summary>
    public static double Flat(long t, double level) => level * (1 + (0.03 * Noise(t)));

    /// <summary>The window the evaluator reads when it evaluates at <paramref name="at"/>: the 24 hours up to and including it.</summary>
    public RegularSeries Window(long at) => Series.Slice(at + Step - (24 * Hour), at + Step);

    public BaselineWindow Load(long at) => BaselineWindow.Of(Profile, Calendar, Window(at));

    public List<Anomaly> Evaluate(long at, WorkCalendar? calendar = null)
    {
        var found = new List<Anomaly>();
        new BaselineEvaluator(DetectorSettings.Default).Evaluate(Profile, calendar ?? Calendar, Window(at), found);
        return found;
    }

    /// <summary>Everything the evaluator reports at each point of [from, to).</summary>
    public List<Anomaly> EvaluateEach(long from, long to, WorkCalendar? calendar = null)
    {
        var evaluator = new BaselineEvaluator(DetectorSettings.Default);
        var found = new List<Anomaly>();
        for (var t = from; t < to; t += Step)
        {
            evaluator.Evaluate(Profile, calendar ?? Calendar, Window(t), found);
        }

        return found;
    }

    public double ValueAt(long t) => Series.Values.Span[(int)((t - Start) / Step)];

    private static double Bump(double hour, double centre, double width) => Math.Exp(-0.5 * Math.Pow((hour - centre) / width, 2));

    private static double Noise(long t)
    {
        var x = unchecked((ulong)t * 0x9E3779B97F4A7C15UL);
        x ^= x >> 31;
        x = unchecked(x * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 29;
        return ((x >> 11) / (double)(1UL << 53) * 2) - 1;
    }
}
