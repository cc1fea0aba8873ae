using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.OnCall;

/// <summary>The rosters with who is on duty now, and one roster's shifts over a period for the calendar.</summary>
internal static class ListOnCallSchedules
{
    public const int MaxCalendarDays = 62;

    internal static async Task<IResult> Endpoint(Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<OnCallScheduleRow>(new CommandDefinition($"SELECT {OnCallScheduleRow.Columns} FROM oncall_schedules ORDER BY name", cancellationToken: ct));
        return Results.Ok(rows.Select(r => r.ToDto(clock.GetUtcNow(), options.Zone)).ToList());
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok((await SaveOnCallSchedule.FindAsync(connection, id, null) ?? throw AppProblem.NotFound()).ToDto(clock.GetUtcNow(), options.Zone));
    }

    internal static async Task<IResult> ShiftsEndpoint(long id, DateTimeOffset? from, DateTimeOffset? to, Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        var start = from ?? clock.GetUtcNow();
        var end = to ?? start.AddDays(7);
        if (end <= start || end - start > TimeSpan.FromDays(MaxCalendarDays))
        {
            throw AppProblem.Invalid("to", "invalid_time_range");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var row = await SaveOnCallSchedule.FindAsync(connection, id, null) ?? throw AppProblem.NotFound();
        return Results.Ok(row.Roster.Shifts(start, end, options.Zone));
    }
}
