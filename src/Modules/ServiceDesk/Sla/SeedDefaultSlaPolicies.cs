using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Data;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// A new installation gets SLA policies in the terms of a typical maintenance contract (seed 001): P1 and P2 faults measured
/// around the clock with a response within 0.5 h in work hours and 1 h outside, on site within 1 h / 2 h; everything else on
/// working hours with repair within 2 working days. Once only: policies an administrator deleted are not brought back.
/// </summary>
internal sealed class SeedDefaultSlaPolicies(Databases databases, IBusinessCalendars calendars, TimeProvider clock) : IStartupTask
{
    public int Order => 120;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT done_at FROM sd_setup WHERE step = 'default_sla_policies'", cancellationToken: ct)) is not null)
        {
            return;
        }

        var all = await calendars.ListAsync(ct);
        var always = all.FirstOrDefault(c => c.AlwaysOpen);
        var office = all.FirstOrDefault(c => !c.AlwaysOpen && c.FollowsHolidays);
        if (always is null || office is null)
        {
            return;
        }

        var now = UnixMs.Now(clock);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var policies = new[]
        {
            new { name = "P1 紧急故障（7×24）", priority = (int?)1, calendar = always.Id, response = 30, responseOutside = (int?)60, arrival = (int?)60, arrivalOutside = (int?)120, resolution = 8 * 60 },
            new { name = "P2 严重故障（7×24）", priority = (int?)2, calendar = always.Id, response = 30, responseOutside = (int?)60, arrival = (int?)120, arrivalOutside = (int?)240, resolution = 24 * 60 },
            new { name = "一般（工作时间，2 个工作日修复）", priority = (int?)null, calendar = office.Id, response = 30, responseOutside = (int?)60, arrival = (int?)60, arrivalOutside = (int?)120, resolution = 2 * 10 * 60 },
        };
        foreach (var p in policies)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO sd_sla_policies (name, ticket_type, priority, contract, calendar_id, hours_calendar_id, response_minutes, response_outside_minutes,
                  arrival_minutes, arrival_outside_minutes, resolution_minutes, yellow_at, red_at, updated_at)
                VALUES (@name, NULL, @priority, NULL, @calendar, @hours, @response, @responseOutside, @arrival, @arrivalOutside, @resolution, 0.5, 0.8, @now)
                """,
                new { p.name, p.priority, p.calendar, hours = office.Id, p.response, p.responseOutside, p.arrival, p.arrivalOutside, p.resolution, now }, tx, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO sd_setup (step, done_at) VALUES ('default_sla_policies', @now)", new { now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
