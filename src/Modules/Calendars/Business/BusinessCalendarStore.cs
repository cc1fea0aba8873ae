using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Calendars.Business;

/// <summary>One working period of a business calendar as the API shows and takes it: ISO weekday (1 = Monday … 7 = Sunday), <c>HH:mm</c> times, <c>to</c> up to 24:00.</summary>
public sealed record BusinessPeriodDto(int Weekday, string From, string To);

/// <summary>A business calendar (服务时间日历) as the API shows it.</summary>
public sealed record BusinessCalendarDto(
    long Id,
    string Name,
    string? Description,
    string TimeZone,
    bool AlwaysOpen,
    bool FollowsHolidays,
    IReadOnlyList<BusinessPeriodDto> Periods,
    bool BuiltIn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record BusinessCalendarRow
{
    public const string Columns =
        "id AS Id, name AS Name, description AS Description, time_zone AS TimeZone, always_open AS AlwaysOpen, follows_holidays AS FollowsHolidays, " +
        "periods AS Periods, built_in AS BuiltIn, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version";

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string TimeZone { get; init; } = BusinessCalendarStore.DefaultZone;

    public bool AlwaysOpen { get; init; }

    public bool FollowsHolidays { get; init; }

    public string Periods { get; init; } = "[]";

    public bool BuiltIn { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public IReadOnlyList<BusinessPeriodDto> PeriodList => JsonSerializer.Deserialize<List<BusinessPeriodDto>>(Periods, BusinessCalendarStore.Json) ?? [];

    public BusinessCalendarDto ToDto() => new(
        Id, Name, Description, TimeZone, AlwaysOpen, FollowsHolidays, PeriodList, BuiltIn, UnixMs.ToTime(CreatedAt), UnixMs.ToTime(UpdatedAt), Version);

    public BusinessCalendarDefinition ToDefinition()
    {
        var week = PeriodList
            .GroupBy(p => WeekdayOf(p.Weekday))
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<BusinessPeriod>)g.Select(p => new BusinessPeriod(BusinessCalendarTimes.Parse(p.From)!.Value, BusinessCalendarTimes.Parse(p.To)!.Value)).OrderBy(p => p.From).ToList());
        DayOfWeek? makeUp = AlwaysOpen ? null : IsoWeek.Select(d => (DayOfWeek?)d).FirstOrDefault(d => week.ContainsKey(d!.Value));
        return new BusinessCalendarDefinition(Id, Name, TimeZone, AlwaysOpen, FollowsHolidays && !AlwaysOpen, AlwaysOpen ? new Dictionary<DayOfWeek, IReadOnlyList<BusinessPeriod>>() : week, makeUp, Version);
    }

    /// <summary>Monday first, as the week is shown and as the make-up day's model is chosen.</summary>
    public static readonly DayOfWeek[] IsoWeek =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static DayOfWeek WeekdayOf(int iso) => IsoWeek[iso - 1];
}

/// <summary>Times of day as business calendars write them: <c>HH:mm</c> from 00:00 to 24:00.</summary>
internal static class BusinessCalendarTimes
{
    public static TimeSpan? Parse(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return null;
        }

        var hours = int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        return minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) ? null : new TimeSpan(hours, minutes, 0);
    }
}

/// <summary>The business calendars as stored (a handful of rows, each read whole), and what other modules read of them.</summary>
internal sealed class BusinessCalendarStore(Databases databases) : IBusinessCalendars
{
    public const string DefaultZone = "Asia/Shanghai";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<BusinessCalendarRow>> RowsAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return (await connection.QueryAsync<BusinessCalendarRow>(new CommandDefinition(
            $"SELECT {BusinessCalendarRow.Columns} FROM business_calendars ORDER BY name", cancellationToken: ct))).ToList();
    }

    public async Task<BusinessCalendarRow?> RowAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return await FindAsync(connection, id, null, ct);
    }

    public static async Task<BusinessCalendarRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<BusinessCalendarRow>(new CommandDefinition(
            $"SELECT {BusinessCalendarRow.Columns} FROM business_calendars WHERE id = @id", new { id }, tx, cancellationToken: ct));

    public async Task<BusinessCalendarDefinition?> GetAsync(long id, CancellationToken ct) => (await RowAsync(id, ct))?.ToDefinition();

    public async Task<IReadOnlyList<BusinessCalendarDefinition>> ListAsync(CancellationToken ct) =>
        (await RowsAsync(ct)).Select(r => r.ToDefinition()).ToList();
}
