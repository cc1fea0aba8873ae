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
/// on-call rosters will. Business calendars (working hours, 7×24) come with the service desk's SLA policies.
/// </summary>
public static class CalendarsModule
{
    public const string Read = "calendars.read";
    public const string Write = "calendars.write";

    public static IServiceCollection AddCalendarsModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(
            new Permission(Read, "calendars", "查看工作日历", "View the work calendar"),
            new Permission(Write, "calendars", "维护工作日历（节假日与调休）", "Edit the work calendar (holidays and make-up days)", Administrative: true));
        RegisterErrors();
        services.AddSingleton<IMigrationSource, CalendarsMigrations>();
        services.AddSingleton<HolidayCalendar>();
        services.AddSingleton<IHolidayCalendar>(sp => sp.GetRequiredService<HolidayCalendar>());
        services.AddSingleton<IDemoData, Demo.CalendarsDemo>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarsModule(this IEndpointRouteBuilder api)
    {
        var calendars = api.MapGroup("/calendars").WithTags("Calendars");
        calendars.MapGet("/holidays/{year:int}", SaveHolidays.GetEndpoint).RequirePermission(Read);
        calendars.MapPut("/holidays/{year:int}", SaveHolidays.PutEndpoint).RequirePermission(Write);
        calendars.MapPost("/holidays/{year:int}/notice", ImportHolidayNotice.Endpoint).RequirePermission(Write);
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
        ErrorCatalog.Register("holiday_notice_date_twice", "{date} 在通知中出现了两次（{festivals}）。", "{date} appears twice in the notice ({festivals}).");
    }
}
