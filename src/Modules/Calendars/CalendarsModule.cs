using HospitalOps.Calendars.Business;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Calendars.Data;
using HospitalOps.Calendars.Holidays;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Calendars;

/// <summary>
/// The hospital's calendars: the public holidays and make-up working days (调休) of each year, entered by hand or taken
/// from the State Council's notice, which learned baselines read today and the service desk's SLA clocks and the
/// on-call rosters will; and the business calendars (服务时间: working periods per weekday in a time zone, following the
/// holidays or not, or 7×24) that SLA policies name.
/// </summary>
public static class CalendarsModule
{
    public const string Read = "calendars.read";
    public const string Write = "calendars.write";

    public static IServiceCollection AddCalendarsModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(
            new Permission(Read, "calendars", "查看工作日历", "View the work calendar"),
            new Permission(Write, "calendars", "维护工作日历（节假日、调休与服务时间）", "Edit the work calendar (holidays, make-up days and business hours)", Administrative: true));
        RegisterErrors();
        services.AddSingleton<IMigrationSource, CalendarsMigrations>();
        services.AddSingleton<HolidayCalendar>();
        services.AddSingleton<IHolidayCalendar>(sp => sp.GetRequiredService<HolidayCalendar>());
        services.AddSingleton<BusinessCalendarStore>();
        services.AddSingleton<IBusinessCalendars>(sp => sp.GetRequiredService<BusinessCalendarStore>());
        services.AddSingleton<IStartupTask, SeedBuiltInBusinessCalendars>();
        services.AddSingleton<IDemoData, Demo.CalendarsDemo>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarsModule(this IEndpointRouteBuilder api)
    {
        var calendars = api.MapGroup("/calendars").WithTags("Calendars");
        calendars.MapGet("/holidays/{year:int}", SaveHolidays.GetEndpoint).RequirePermission(Read);
        calendars.MapPut("/holidays/{year:int}", SaveHolidays.PutEndpoint).RequirePermission(Write);
        calendars.MapPost("/holidays/{year:int}/notice", ImportHolidayNotice.Endpoint).RequirePermission(Write);
        calendars.MapGet("/business", ListBusinessCalendars.Endpoint).RequirePermission(Read);
        calendars.MapGet("/business/{id:long}", ListBusinessCalendars.GetEndpoint).RequirePermission(Read);
        calendars.MapPost("/business", SaveBusinessCalendar.CreateEndpoint).RequirePermission(Write);
        calendars.MapPut("/business/{id:long}", SaveBusinessCalendar.UpdateEndpoint).RequirePermission(Write);
        calendars.MapDelete("/business/{id:long}", DeleteBusinessCalendar.Endpoint).RequirePermission(Write);
        return api;
    }

    private static void RegisterErrors()
    {
        ErrorCatalog.Register("invalid_year", "年份应在 2000 到 2100 之间。", "The year must be between 2000 and 2100.");
        ErrorCatalog.Register("too_many_days", "一年最多 366 天。", "A year has at most 366 days.");
        ErrorCatalog.Register("date_not_in_year", "日期不在所选年份内。", "The date is not in the chosen year.");
        ErrorCatalog.Register("workday_not_weekend", "调休上班日只能是周六或周日。", "A make-up working day must be a Saturday or Sunday.");
        ErrorCatalog.Register("date_twice", "同一日期只能出现一次。", "Each date may appear only once.");
        ErrorCatalog.Register("holiday_notice_other_year", "这是 {year} 年的通知，所选年份是 {expected} 年。", "This is the notice for {year}; the chosen year is {expected}.");
        ErrorCatalog.Register("holiday_notice_no_items", "没有读到放假安排：请粘贴通知中“一、元旦：……”这样的各条。", "No arrangement found: paste the notice's items, such as \"一、元旦：……\".");
        ErrorCatalog.Register("holiday_notice_item_unreadable", "第 {item} 项（{festival}）读不出放假日期。", "Item {item} ({festival}): no dates off could be read.");
        ErrorCatalog.Register("holiday_notice_no_such_date", "第 {item} 项（{festival}）：没有 {date} 这一天。", "Item {item} ({festival}): there is no {date}.");
        ErrorCatalog.Register("holiday_notice_wrong_weekday", "第 {item} 项（{festival}）：{date} 是{actual}，通知写的是{said}。", "Item {item} ({festival}): {date} is a {actual}, the notice says {said}.");
        ErrorCatalog.Register("holiday_notice_wrong_count", "第 {item} 项（{festival}）：写的是共 {stated} 天，日期范围是 {counted} 天。", "Item {item} ({festival}): it says {stated} days, the dates span {counted}.");
        ErrorCatalog.Register("holiday_notice_bad_range", "第 {item} 项（{festival}）：{from} 至 {to} 不是一段放假日期。", "Item {item} ({festival}): {from} to {to} is not a run of days off.");
        ErrorCatalog.Register("business_calendar_name_taken", "已有同名的服务时间日历。", "Another business calendar has this name.");
        ErrorCatalog.Register("business_calendar_zone_unknown", "不是可用的时区，请填写 IANA 时区名，如 Asia/Shanghai。", "Not a known time zone; use an IANA name such as Asia/Shanghai.");
        ErrorCatalog.Register("business_calendar_weekday_invalid", "星期应为 1（周一）到 7（周日）。", "The weekday must be 1 (Monday) to 7 (Sunday).");
        ErrorCatalog.Register("business_calendar_time_invalid", "时间应写成 HH:mm，在 00:00 到 24:00 之间。", "Write the time as HH:mm, from 00:00 to 24:00.");
        ErrorCatalog.Register("business_calendar_period_not_after", "结束时间应晚于开始时间。", "The end must be after the start.");
        ErrorCatalog.Register("business_calendar_periods_overlap", "与同一天的另一个时段重叠。", "Overlaps another period of the same day.");
        ErrorCatalog.Register("business_calendar_too_many_periods", "每天最多 4 个时段。", "At most 4 periods a day.");
        ErrorCatalog.Register("business_calendar_no_periods", "请至少设置一个工作时段，或选择 7×24。", "Set at least one working period, or choose 7×24.");
        ErrorCatalog.Register("business_calendar_built_in", "内置的服务时间日历不能删除，可以修改。", "A built-in business calendar cannot be deleted; it can be edited.");
        ErrorCatalog.Register("business_calendar_in_use", "“{name}”正在使用中，不能删除：{uses}。", "\"{name}\" is in use and cannot be deleted: {uses}.");
        ErrorCatalog.Register("holiday_notice_date_twice", "{date} 在通知中出现了两次（{festivals}）。", "{date} appears twice in the notice ({festivals}).");
    }
}
