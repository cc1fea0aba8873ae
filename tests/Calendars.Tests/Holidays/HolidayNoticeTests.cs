using HospitalOps.Calendars.Holidays;

namespace HospitalOps.Calendars.Tests.Holidays;

public sealed class HolidayNoticeTests
{
    /// <summary>
    /// The notice for 2026 as published (国务院办公厅, 4 November 2025; Xinhua, e.g. politics.gmw.cn/2025-11/04/content_38391083.htm),
    /// pasted with its heading and closing paragraph as an administrator would copy it.
    /// </summary>
    private const string Notice2026 = """
        国务院办公厅关于2026年部分节假日安排的通知
        各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
        经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
        一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
        二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
        三、清明节：4月4日（周六）至6日（周一）放假，共3天。
        四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
        五、端午节：6月19日（周五）至21日（周日）放假，共3天。
        六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
        七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
        鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。
        国务院办公厅
        2025年11月4日
        """;

    [Fact]
    public void TheNoticeFor2026_GivesItsThirtyThreeDaysOff_AndSixWorkedWeekendDays()
    {
        var result = HolidayNotice.Parse(Notice2026, 2026);

        result.Errors.ShouldBeEmpty();
        var off = result.Days.Where(d => d.Kind == HolidayDayKind.Holiday).ToList();
        var worked = result.Days.Where(d => d.Kind == HolidayDayKind.MakeUpWorkday).Select(d => d.Date.ToString("MM-dd")).ToList();
        off.Count.ShouldBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
        worked.ShouldBe(["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]);
        off.Where(d => d.Festival == "春节").Select(d => d.Date.Day).ShouldBe([15, 16, 17, 18, 19, 20, 21, 22, 23]);
        result.Days.Single(d => d.Date == new DateOnly(2026, 10, 10)).Festival.ShouldBe("国庆节");
        result.Days.ShouldBe(result.Days.OrderBy(d => d.Date).ToList());
    }

    [Fact]
    public void ANoticeWithOneDayOff_ARangeAcrossTwoMonths_TwoFestivalsInOneItem_AndHalfWidthPunctuation_IsRead()
    {
        // The shapes of earlier years' notices (a single day "放假1天，不调休", a range ending in the next month, 国庆节、中秋节 together).
        const string text = """
            一、元旦：1月1日（周三）放假1天，不调休。
            二、春节：1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。1月26日(周日)、2月8日(周六)上班。
            五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
            六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
            """;

        var result = HolidayNotice.Parse(text, 2025);

        result.Errors.ShouldBeEmpty();
        result.Days.Count(d => d.Festival == "元旦").ShouldBe(1);
        result.Days.Where(d => d.Festival == "春节" && d.Kind == HolidayDayKind.Holiday).Select(d => d.Date).ShouldBe(
            Enumerable.Range(0, 8).Select(i => new DateOnly(2025, 1, 28).AddDays(i)));
        result.Days.Where(d => d.Festival == "端午节").Select(d => d.Date.ToString("MM-dd")).ShouldBe(["05-31", "06-01", "06-02"]);
        result.Days.Where(d => d.Festival == "国庆节、中秋节" && d.Kind == HolidayDayKind.MakeUpWorkday).Select(d => d.Date.ToString("MM-dd")).ShouldBe(["09-28", "10-11"]);
    }

    [Fact]
    public void AWeekdayThatIsNotTheDates_IsRefusedWithItsItem_AndNothingIsTaken()
    {
        var text = Notice2026.Replace("5月9日（周六）上班", "5月9日（周日）上班", StringComparison.Ordinal);

        var result = HolidayNotice.Parse(text, 2026);

        result.Days.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Item.ShouldBe(4);
        error.Code.ShouldBe("holiday_notice_wrong_weekday");
        error.Values["date"].ShouldBe("5月9日");
        error.Values["said"].ShouldBe("周日");
        error.Values["actual"].ShouldBe("周六");
    }

    [Fact]
    public void ADayCountThatIsNotTheRangesLength_IsRefused()
    {
        var result = HolidayNotice.Parse(Notice2026.Replace("放假调休，共7天", "放假调休，共8天", StringComparison.Ordinal), 2026);

        result.Errors.ShouldHaveSingleItem().Code.ShouldBe("holiday_notice_wrong_count");
        result.Errors[0].Values["counted"].ShouldBe("7");
        result.Days.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("一、春节：2月30日至3月1日放假，共2天。", "holiday_notice_no_such_date")]
    [InlineData("这不是节假日通知。", "holiday_notice_no_items")]
    [InlineData("一、元旦：元旦放假。", "holiday_notice_item_unreadable")]
    [InlineData("一、元旦：1月1日放假1天。\n二、春节：1月1日至2日放假，共2天。", "holiday_notice_date_twice")]
    public void TextThatIsNotAnArrangement_IsRefusedWithTheReason(string text, string code)
    {
        var result = HolidayNotice.Parse(text, 2026);

        result.Errors.Select(e => e.Code).ShouldContain(code);
        result.Days.ShouldBeEmpty();
    }

    [Fact]
    public void TheNoticeOfAnotherYear_IsRefused()
    {
        var result = HolidayNotice.Parse(Notice2026, 2027);

        result.Errors.ShouldHaveSingleItem().Code.ShouldBe("holiday_notice_other_year");
        result.Errors[0].Values["year"].ShouldBe("2026");
    }
}
