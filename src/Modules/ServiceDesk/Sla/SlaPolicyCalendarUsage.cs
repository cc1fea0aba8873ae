using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Data;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>Tells the Calendars module which SLA policies name a calendar, so it is not deleted from under them.</summary>
internal sealed class SlaPolicyCalendarUsage(Databases databases) : IBusinessCalendarUsage
{
    public async Task<IReadOnlyList<string>> UsesAsync(long calendarId, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sd_sla_policies WHERE calendar_id = @calendarId OR hours_calendar_id = @calendarId ORDER BY name", new { calendarId }, cancellationToken: ct));
        return names.Select(n => $"SLA 策略 {n}").ToList();
    }
}
