using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Calendars.Business;

/// <summary>
/// Every install, demo or not, starts with the two calendars SLA policies need: ordinary contracts' working hours and 7×24
/// for level-1 systems (HIS, EMR, LIS, PACS, emergency, ICU). They are seeded once, when no built-in calendar exists;
/// afterwards they are the administrator's to edit (never to delete), and a restart does not undo the edits.
/// </summary>
internal sealed class SeedBuiltInBusinessCalendars(Databases databases, TimeProvider clock) : IStartupTask
{
    public const string OfficeHours = "工作时间（周一至周五 8:00–18:00）";
    public const string AlwaysOpen = "7×24";

    public int Order => 110;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM business_calendars WHERE built_in = @yes", new { yes = true }, tx, cancellationToken: ct)) > 0)
        {
            return;
        }

        var workdays = Enumerable.Range(1, 5).Select(day => new BusinessPeriodDto(day, "08:00", "18:00")).ToList();
        var now = UnixMs.Now(clock);
        // ON CONFLICT: two nodes starting together both find none; the second inserts nothing.
        const string insert = """
            INSERT INTO business_calendars (name, description, time_zone, always_open, follows_holidays, periods, built_in, created_at, updated_at, version)
            VALUES (@name, @description, @zone, @alwaysOpen, @followsHolidays, @periods, @yes, @now, @now, 1)
            ON CONFLICT (name) DO NOTHING
            """;
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            name = OfficeHours,
            description = "普通维保合同的服务时间：周一至周五 08:00–18:00；法定节假日不计时，调休上班日按周一计时。",
            zone = BusinessCalendarStore.DefaultZone,
            alwaysOpen = false,
            followsHolidays = true,
            periods = JsonSerializer.Serialize(workdays, BusinessCalendarStore.Json),
            yes = true,
            now,
        }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            name = AlwaysOpen,
            description = "一级系统（HIS、EMR、LIS、PACS、急诊、ICU）：全年每天 24 小时计时。",
            zone = BusinessCalendarStore.DefaultZone,
            alwaysOpen = true,
            followsHolidays = false,
            periods = "[]",
            yes = true,
            now,
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
