using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Calendars.Business;

/// <summary>A working period as sent: ISO weekday (1 = Monday … 7 = Sunday), <c>HH:mm</c> from and to (to may be 24:00).</summary>
public sealed record BusinessPeriodInput(int? Weekday, string? From, string? To);

/// <summary>
/// A business calendar to create or to store in place of one (all fields). <c>TimeZone</c> is an IANA id, Asia/Shanghai
/// when empty; <c>FollowsHolidays</c> is true when not given; <c>Version</c> is the one read, required to change.
/// </summary>
public sealed record SaveBusinessCalendarRequest(
    string? Name,
    string? Description,
    string? TimeZone,
    bool? AlwaysOpen,
    bool? FollowsHolidays,
    IReadOnlyList<BusinessPeriodInput?>? Periods,
    int? Version);

/// <summary>
/// Creates and changes business calendars (服务时间日历). Everything sent is checked before anything is written; a
/// mistake names its field (<c>periods[2].to</c>) and changes nothing. A 7×24 calendar keeps no periods and does not
/// follow holidays (every instant counts anyway).
/// </summary>
internal static class SaveBusinessCalendar
{
    public const int MaxPeriodsPerDay = 4;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    internal static async Task<IResult> CreateEndpoint(SaveBusinessCalendarRequest request, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var valid = Validate(request);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await EnsureNameFreeAsync(connection, tx, valid.Name, 0, ct);
        var now = UnixMs.Now(clock);
        var id = await WriteAsync(() => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO business_calendars (name, description, time_zone, always_open, follows_holidays, periods, built_in, created_at, updated_at, version)
            VALUES (@Name, @Description, @TimeZone, @AlwaysOpen, @FollowsHolidays, @Periods, @builtIn, @now, @now, 1)
            RETURNING id
            """,
            new { valid.Name, valid.Description, valid.TimeZone, valid.AlwaysOpen, valid.FollowsHolidays, valid.Periods, builtIn = false, now }, tx, cancellationToken: ct)));
        await audit.RecordAsync(new AuditEntry("calendars.business.create", "business_calendar", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, valid.Summary), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        var row = await BusinessCalendarStore.FindAsync(connection, id, null, ct);
        return Results.Created($"/api/v1/calendars/business/{id}", row!.ToDto());
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveBusinessCalendarRequest request, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await BusinessCalendarStore.FindAsync(connection, id, tx, ct) ?? throw AppProblem.NotFound();
        AppProblem.EnsureVersion(request.Version, existing.Version);
        var valid = Validate(request);
        await EnsureNameFreeAsync(connection, tx, valid.Name, id, ct);
        var now = UnixMs.Now(clock);
        await WriteAsync(() => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE business_calendars SET name = @Name, description = @Description, time_zone = @TimeZone, always_open = @AlwaysOpen,
              follows_holidays = @FollowsHolidays, periods = @Periods, updated_at = @now, version = version + 1
            WHERE id = @id
            """,
            new { valid.Name, valid.Description, valid.TimeZone, valid.AlwaysOpen, valid.FollowsHolidays, valid.Periods, now, id }, tx, cancellationToken: ct)));
        await audit.RecordAsync(new AuditEntry("calendars.business.update", "business_calendar", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, valid.Summary), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok((await BusinessCalendarStore.FindAsync(connection, id, null, ct))!.ToDto());
    }

    internal sealed record Valid(string Name, string? Description, string TimeZone, bool AlwaysOpen, bool FollowsHolidays, string Periods, string Summary);

    /// <summary>The request as it may be stored, or every field's first mistake (400, nothing written).</summary>
    internal static Valid Validate(SaveBusinessCalendarRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors["name"] = "required";
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = "too_long";
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = "too_long";
        }

        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? BusinessCalendarStore.DefaultZone : request.TimeZone.Trim();
        if (!IsIanaZone(zone))
        {
            errors["timeZone"] = "business_calendar_zone_unknown";
        }

        var alwaysOpen = request.AlwaysOpen ?? false;
        var periods = alwaysOpen ? [] : CheckedPeriods(request.Periods ?? [], errors);
        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var stored = periods.OrderBy(p => p.Weekday).ThenBy(p => p.From, StringComparer.Ordinal).ToList();
        var summary = alwaysOpen ? $"{name}: 7×24" : $"{name}: {stored.Count} periods, {zone}{(request.FollowsHolidays ?? true ? ", follows holidays" : "")}";
        return new Valid(name, description, zone, alwaysOpen, !alwaysOpen && (request.FollowsHolidays ?? true), JsonSerializer.Serialize(stored, BusinessCalendarStore.Json), summary);
    }

    /// <summary>A zone the server knows by its IANA id (Windows names such as "China Standard Time" are refused: the calendar must read the same on every node).</summary>
    internal static bool IsIanaZone(string id) =>
        id.Length <= 100 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    private static List<BusinessPeriodDto> CheckedPeriods(IReadOnlyList<BusinessPeriodInput?> sent, Dictionary<string, string> errors)
    {
        if (sent.Count > 7 * MaxPeriodsPerDay)
        {
            errors["periods"] = "business_calendar_too_many_periods";
            return [];
        }

        var valid = new List<(int Index, int Weekday, TimeSpan From, TimeSpan To)>();
        for (var i = 0; i < sent.Count; i++)
        {
            var period = sent[i];
            var at = $"periods[{i}]";
            if (period is null)
            {
                errors[at] = "required";
                continue;
            }

            if (period.Weekday is not (>= 1 and <= 7))
            {
                errors[$"{at}.weekday"] = period.Weekday is null ? "required" : "business_calendar_weekday_invalid";
            }

            var from = BusinessCalendarTimes.Parse(period.From?.Trim());
            var to = BusinessCalendarTimes.Parse(period.To?.Trim());
            if (from is null || from == TimeSpan.FromHours(24))
            {
                errors[$"{at}.from"] = string.IsNullOrWhiteSpace(period.From) ? "required" : "business_calendar_time_invalid";
            }

            if (to is null)
            {
                errors[$"{at}.to"] = string.IsNullOrWhiteSpace(period.To) ? "required" : "business_calendar_time_invalid";
            }
            else if (from is { } start && start < TimeSpan.FromHours(24) && to <= start)
            {
                errors[$"{at}.to"] = "business_calendar_period_not_after";
            }

            if (!errors.Keys.Any(k => k.StartsWith(at + ".", StringComparison.Ordinal)))
            {
                valid.Add((i, period.Weekday!.Value, from!.Value, to!.Value));
            }
        }

        foreach (var day in valid.GroupBy(p => p.Weekday))
        {
            var ordered = day.OrderBy(p => p.From).ThenBy(p => p.Index).ToList();
            for (var j = 1; j < ordered.Count; j++)
            {
                if (ordered[j].From < ordered[j - 1].To)
                {
                    // The period sent later is the one marked: the first stays as the user wrote it.
                    var marked = ordered[j].Index > ordered[j - 1].Index ? ordered[j] : ordered[j - 1];
                    errors.TryAdd($"periods[{marked.Index}].from", "business_calendar_periods_overlap");
                }
            }

            foreach (var extra in day.OrderBy(p => p.Index).Skip(MaxPeriodsPerDay))
            {
                errors.TryAdd($"periods[{extra.Index}]", "business_calendar_too_many_periods");
            }
        }

        if (sent.Count == 0)
        {
            errors["periods"] = "business_calendar_no_periods";
        }

        return valid.Select(p => new BusinessPeriodDto(p.Weekday, Format(p.From), Format(p.To))).ToList();
    }

    internal static string Format(TimeSpan time) => $"{(int)time.TotalHours:00}:{time.Minutes:00}";

    private static async Task EnsureNameFreeAsync(DbConnection connection, DbTransaction tx, string name, long id, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM business_calendars WHERE name = @name AND id <> @id", new { name, id }, tx, cancellationToken: ct)) > 0)
        {
            throw NameTaken();
        }
    }

    /// <summary>Two administrators saving the same name at once: PostgreSQL's unique index refuses the second, said as the same field error.</summary>
    private static async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbException ex) when (ex.SqlState == "23505" || ex is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            throw NameTaken();
        }
    }

    private static AppProblem NameTaken() =>
        new(409, "business_calendar_name_taken", fieldErrors: new Dictionary<string, string> { ["name"] = "business_calendar_name_taken" });
}
