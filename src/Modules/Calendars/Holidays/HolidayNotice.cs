using System.Globalization;
using System.Text.RegularExpressions;

namespace HospitalOps.Calendars.Holidays;

/// <summary>What a date is in the year's holiday arrangement.</summary>
internal enum HolidayDayKind
{
    /// <summary>放假: a day off, whatever its weekday.</summary>
    Holiday,

    /// <summary>上班 (调休): a weekend day worked as a working day.</summary>
    MakeUpWorkday,
}

/// <summary>One date of the arrangement, with the festival it belongs to (元旦, 春节…).</summary>
internal sealed record HolidayNoticeDay(DateOnly Date, HolidayDayKind Kind, string Festival);

/// <summary>A mistake found in the notice: the item (一、二、…, 0 when none) and a code with its values for the message.</summary>
internal sealed record HolidayNoticeError(int Item, string Code, IReadOnlyDictionary<string, string> Values);

/// <summary>The arrangement read from a notice: the days, or what is wrong with the text (then no days).</summary>
internal sealed record HolidayNoticeResult(int Year, IReadOnlyList<HolidayNoticeDay> Days, IReadOnlyList<HolidayNoticeError> Errors);

/// <summary>
/// Reads the State Council's yearly notice on public holidays (国务院办公厅关于某年部分节假日安排的通知) as it is published:
/// one item per festival — "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、
/// 2月28日（周六）上班。" — pasted whole, with or without the heading and the closing paragraphs. An administrator imports
/// the year's days from the text instead of typing them. The text is checked against itself before anything is taken:
/// every weekday it names must be the date's weekday and every "共N天" the length of the range, so a mistyped date is
/// refused with the item it is in rather than stored.
/// </summary>
internal static partial class HolidayNotice
{
    public static HolidayNoticeResult Parse(string text, int year)
    {
        var errors = new List<HolidayNoticeError>();
        var days = new List<HolidayNoticeDay>();
        var named = YearInText().Match(text);
        if (named.Success && int.Parse(named.Groups["year"].Value, CultureInfo.InvariantCulture) != year)
        {
            errors.Add(Error(0, "holiday_notice_other_year", ("year", named.Groups["year"].Value), ("expected", year.ToString(CultureInfo.InvariantCulture))));
            return new HolidayNoticeResult(year, [], errors);
        }

        var items = Item().Matches(Normalise(text));
        if (items.Count == 0)
        {
            errors.Add(Error(0, "holiday_notice_no_items"));
            return new HolidayNoticeResult(year, [], errors);
        }

        var number = 0;
        foreach (Match item in items)
        {
            number++;
            var festival = item.Groups["festival"].Value.Trim();
            var body = item.Groups["body"].Value;
            var off = DaysOff().Match(body);
            if (!off.Success)
            {
                errors.Add(Error(number, "holiday_notice_item_unreadable", ("festival", festival)));
                continue;
            }

            var first = Date(year, off.Groups["m1"].Value, off.Groups["d1"].Value, number, festival, errors);
            var last = off.Groups["d2"].Success
                ? Date(year, off.Groups["m2"].Success ? off.Groups["m2"].Value : off.Groups["m1"].Value, off.Groups["d2"].Value, number, festival, errors)
                : first;
            if (first is null || last is null)
            {
                continue;
            }

            CheckWeekday(first.Value, off.Groups["w1"].Value, number, festival, errors);
            CheckWeekday(last.Value, off.Groups["w2"].Value, number, festival, errors);
            var length = last.Value.DayNumber - first.Value.DayNumber + 1;
            if (length < 1 || length > 31)
            {
                errors.Add(Error(number, "holiday_notice_bad_range", ("festival", festival), ("from", Show(first.Value)), ("to", Show(last.Value))));
                continue;
            }

            var stated = off.Groups["n"].Success ? off.Groups["n"].Value : off.Groups["n1"].Value;
            if (stated.Length > 0 && int.Parse(stated, CultureInfo.InvariantCulture) != length)
            {
                errors.Add(Error(number, "holiday_notice_wrong_count", ("festival", festival), ("stated", stated), ("counted", length.ToString(CultureInfo.InvariantCulture))));
            }

            for (var d = first.Value; d <= last.Value; d = d.AddDays(1))
            {
                days.Add(new HolidayNoticeDay(d, HolidayDayKind.Holiday, festival));
            }

            var worked = WorkedSentence().Match(body[(off.Index + off.Length)..]);
            if (worked.Success)
            {
                foreach (Match date in DateWithWeekday().Matches(worked.Groups["dates"].Value))
                {
                    if (Date(year, date.Groups["m"].Value, date.Groups["d"].Value, number, festival, errors) is { } workday)
                    {
                        CheckWeekday(workday, date.Groups["w"].Value, number, festival, errors);
                        days.Add(new HolidayNoticeDay(workday, HolidayDayKind.MakeUpWorkday, festival));
                    }
                }
            }
        }

        foreach (var twice in days.GroupBy(d => d.Date).Where(g => g.Count() > 1))
        {
            errors.Add(Error(0, "holiday_notice_date_twice", ("date", Show(twice.Key)), ("festivals", string.Join("、", twice.Select(d => d.Festival).Distinct()))));
        }

        return errors.Count > 0
            ? new HolidayNoticeResult(year, [], errors)
            : new HolidayNoticeResult(year, days.OrderBy(d => d.Date).ToList(), []);
    }

    /// <summary>Full-width digits, colons, commas and parentheses as their ASCII forms; the notice mixes both.</summary>
    private static string Normalise(string text) => text.Normalize(System.Text.NormalizationForm.FormKC);

    private static DateOnly? Date(int year, string month, string day, int item, string festival, List<HolidayNoticeError> errors)
    {
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(year, m))
        {
            errors.Add(Error(item, "holiday_notice_no_such_date", ("festival", festival), ("date", $"{m}月{d}日")));
            return null;
        }

        return new DateOnly(year, m, d);
    }

    /// <summary>The weekday the notice gives in parentheses ("农历腊月二十八、周日", "星期一"), if any, must be the date's.</summary>
    private static void CheckWeekday(DateOnly date, string said, int item, string festival, List<HolidayNoticeError> errors)
    {
        var named = WeekdayName().Match(said);
        if (!named.Success)
        {
            return;
        }

        var weekday = "一二三四五六日天".IndexOf(named.Groups["day"].Value[0], StringComparison.Ordinal) switch
        {
            6 or 7 => DayOfWeek.Sunday,
            var i => (DayOfWeek)(i + 1),
        };
        if (weekday != date.DayOfWeek)
        {
            errors.Add(Error(item, "holiday_notice_wrong_weekday", ("festival", festival), ("date", Show(date)), ("said", named.Value), ("actual", "周" + "日一二三四五六"[(int)date.DayOfWeek])));
        }
    }

    private static string Show(DateOnly date) => $"{date.Month}月{date.Day}日";

    private static HolidayNoticeError Error(int item, string code, params (string Key, string Value)[] values) =>
        new(item, code, values.ToDictionary(v => v.Key, v => v.Value));

    [GeneratedRegex(@"(?<year>\d{4})\s*年\s*(?:部分)?节假日安排")]
    private static partial Regex YearInText();

    /// <summary>"三、清明节：…" up to the next item or the end; the festival may be two joined by 、 ("国庆节、中秋节").</summary>
    [GeneratedRegex(@"(?:^|\n)\s*[一二三四五六七八九十]+\s*[、.．]\s*(?<festival>[^:\n]{1,20}?)\s*:(?<body>[^\n]*(?:\n(?![\s]*[一二三四五六七八九十]+\s*[、.．])[^\n]*)*)")]
    private static partial Regex Item();

    /// <summary>"1月1日（周四）至3日（周六）放假调休，共3天" or "1月1日（周三）放假1天".</summary>
    [GeneratedRegex(@"(?<m1>\d{1,2})\s*月\s*(?<d1>\d{1,2})\s*日\s*(?:\((?<w1>[^)]*)\))?\s*(?:(?:至|-|—|~)\s*(?:(?<m2>\d{1,2})\s*月\s*)?(?<d2>\d{1,2})\s*日\s*(?:\((?<w2>[^)]*)\))?)?\s*放假(?:调休)?\s*(?:(?<n1>\d{1,2})\s*天)?(?:[,，;；]?\s*共\s*(?<n>\d{1,2})\s*天)?")]
    private static partial Regex DaysOff();

    /// <summary>The sentence of the worked days: "1月4日（周日）上班" or "2月14日（周六）、2月28日（周六）上班".</summary>
    [GeneratedRegex(@"(?<dates>(?:\s*[、,，和及]?\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\([^)]*\))?)+)\s*上班")]
    private static partial Regex WorkedSentence();

    [GeneratedRegex(@"(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日\s*(?:\((?<w>[^)]*)\))?")]
    private static partial Regex DateWithWeekday();

    [GeneratedRegex(@"(?:周|星期)(?<day>[一二三四五六日天])")]
    private static partial Regex WeekdayName();
}
