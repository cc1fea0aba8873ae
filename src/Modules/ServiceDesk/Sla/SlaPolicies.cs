using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// An SLA policy: which tickets it covers (a type, a priority, a maintenance contract; empty = any) and its targets in minutes of
/// its calendar. <see cref="ResponseOutsideMinutes"/> and <see cref="ArrivalOutsideMinutes"/> apply to tickets opened outside
/// the hours of <see cref="HoursCalendarId"/> (the policy's own calendar when not set): "0.5 h in work hours, 1 h outside".
/// </summary>
public sealed record SlaPolicyDto(
    long Id,
    string Name,
    string? TicketType,
    int? Priority,
    string? Contract,
    long CalendarId,
    long? HoursCalendarId,
    int? ResponseMinutes,
    int? ResponseOutsideMinutes,
    int? ArrivalMinutes,
    int? ArrivalOutsideMinutes,
    int? ResolutionMinutes,
    double YellowAt,
    double RedAt);

/// <summary>A policy as the administrator saves it.</summary>
public sealed record SaveSlaPolicyRequest(
    string? Name,
    string? TicketType,
    int? Priority,
    string? Contract,
    long? CalendarId,
    long? HoursCalendarId,
    int? ResponseMinutes,
    int? ResponseOutsideMinutes,
    int? ArrivalMinutes,
    int? ArrivalOutsideMinutes,
    int? ResolutionMinutes,
    double? YellowAt,
    double? RedAt);

/// <summary>SLA policies: listed, saved and deleted by administrators, and matched to each ticket (the most specific one wins).</summary>
internal static class SlaPolicies
{
    private const string Columns =
        """
        id, name, ticket_type AS TicketType, priority, contract, calendar_id AS CalendarId, hours_calendar_id AS HoursCalendarId,
        response_minutes AS ResponseMinutes, response_outside_minutes AS ResponseOutsideMinutes, arrival_minutes AS ArrivalMinutes,
        arrival_outside_minutes AS ArrivalOutsideMinutes, resolution_minutes AS ResolutionMinutes, yellow_at AS YellowAt, red_at AS RedAt
        """;

    public const int MaxMinutes = 366 * 24 * 60;

    public static async Task<List<SlaPolicyDto>> AllAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sd_sla_policies ORDER BY id", transaction: tx, cancellationToken: ct))).Select(r => r.ToDto()).ToList();

    public static async Task<SlaPolicyDto?> ByIdAsync(DbConnection connection, DbTransaction? tx, long id, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sd_sla_policies WHERE id = @id", new { id }, tx, cancellationToken: ct)))?.ToDto();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string? TicketType { get; init; }
        public int? Priority { get; init; }
        public string? Contract { get; init; }
        public long CalendarId { get; init; }
        public long? HoursCalendarId { get; init; }
        public int? ResponseMinutes { get; init; }
        public int? ResponseOutsideMinutes { get; init; }
        public int? ArrivalMinutes { get; init; }
        public int? ArrivalOutsideMinutes { get; init; }
        public int? ResolutionMinutes { get; init; }
        public double YellowAt { get; init; }
        public double RedAt { get; init; }

        public SlaPolicyDto ToDto() => new(Id, Name, TicketType, Priority, Contract, CalendarId, HoursCalendarId, ResponseMinutes, ResponseOutsideMinutes,
            ArrivalMinutes, ArrivalOutsideMinutes, ResolutionMinutes, YellowAt, RedAt);
    }

    /// <summary>
    /// The policy for a ticket: among those whose type, priority and contract are empty or equal to the ticket's, the one naming the
    /// most (a contract counts most, then type, then priority); the oldest on a tie.
    /// </summary>
    public static SlaPolicyDto? Match(IEnumerable<SlaPolicyDto> policies, string ticketType, int priority, string? contract) =>
        policies
            .Where(p => (p.TicketType is null || p.TicketType == ticketType) && (p.Priority is null || p.Priority == priority) && (p.Contract is null || p.Contract == contract))
            .OrderByDescending(p => (p.Contract is null ? 0 : 4) + (p.TicketType is null ? 0 : 2) + (p.Priority is null ? 0 : 1))
            .ThenBy(p => p.Id)
            .FirstOrDefault();

    internal static async Task<IResult> ListEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await AllAsync(connection, null, ct));
    }

    internal static async Task<IResult> CreateEndpoint(SaveSlaPolicyRequest request, Databases databases, ISlaCalendarSource calendars, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(await SaveAsync(null, request, databases, calendars, audit, clock, ct));

    internal static async Task<IResult> UpdateEndpoint(long id, SaveSlaPolicyRequest request, Databases databases, ISlaCalendarSource calendars, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(await SaveAsync(id, request, databases, calendars, audit, clock, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var policy = await ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
        // Tickets keep the policy they were measured by: a policy still named by a ticket cannot go.
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sd_tickets WHERE sla_policy_id = @id", new { id }, tx, cancellationToken: ct)) > 0)
        {
            throw AppProblem.Conflict("sla_policy_in_use");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_sla_policies WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("servicedesk.sla_policy.delete", "sla_policy", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, policy.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    private static async Task<SlaPolicyDto> SaveAsync(long? id, SaveSlaPolicyRequest request, Databases databases, ISlaCalendarSource calendars, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > 100)
        {
            throw AppProblem.Invalid("name", name.Length == 0 ? "required" : "too_long");
        }

        if (request.Priority is < 1 or > 4)
        {
            throw AppProblem.Invalid("priority", "priority_range");
        }

        if (request.CalendarId is not { } calendarId || await calendars.GetAsync(calendarId, ct) is null)
        {
            throw AppProblem.Invalid("calendarId", request.CalendarId is null ? "required" : "sla_unknown_calendar");
        }

        if (request.HoursCalendarId is { } hours && await calendars.GetAsync(hours, ct) is null)
        {
            throw AppProblem.Invalid("hoursCalendarId", "sla_unknown_calendar");
        }

        foreach (var (field, minutes) in new[]
                 {
                     ("responseMinutes", request.ResponseMinutes), ("responseOutsideMinutes", request.ResponseOutsideMinutes), ("arrivalMinutes", request.ArrivalMinutes),
                     ("arrivalOutsideMinutes", request.ArrivalOutsideMinutes), ("resolutionMinutes", request.ResolutionMinutes),
                 })
        {
            if (minutes is < 1 or > MaxMinutes)
            {
                throw AppProblem.Invalid(field, "sla_minutes_range");
            }
        }

        if (request.ResponseMinutes is null && request.ArrivalMinutes is null && request.ResolutionMinutes is null)
        {
            throw AppProblem.Invalid("responseMinutes", "sla_no_target");
        }

        if (request.ResponseOutsideMinutes is not null && request.ResponseMinutes is null)
        {
            throw AppProblem.Invalid("responseMinutes", "required");
        }

        if (request.ArrivalOutsideMinutes is not null && request.ArrivalMinutes is null)
        {
            throw AppProblem.Invalid("arrivalMinutes", "required");
        }

        var yellow = request.YellowAt ?? 0.5;
        var red = request.RedAt ?? 0.8;
        if (!(yellow > 0 && yellow <= red && red <= 1))
        {
            throw AppProblem.Invalid("redAt", "sla_thresholds");
        }

        var ticketType = string.IsNullOrWhiteSpace(request.TicketType) ? null : request.TicketType.Trim();
        var contract = string.IsNullOrWhiteSpace(request.Contract) ? null : request.Contract.Trim();
        if (contract is { Length: > 100 })
        {
            throw AppProblem.Invalid("contract", "too_long");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (ticketType is not null && await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_ticket_types WHERE key = @ticketType", new { ticketType }, tx, cancellationToken: ct)) is null)
        {
            throw AppProblem.Invalid("ticketType", "ticket_unknown_type");
        }

        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sd_sla_policies WHERE name = @name AND id <> @self", new { name, self = id ?? 0 }, tx, cancellationToken: ct)) is not null)
        {
            throw AppProblem.Invalid("name", "sla_policy_name_taken");
        }

        var args = new
        {
            id,
            name,
            ticketType,
            request.Priority,
            contract,
            calendarId,
            request.HoursCalendarId,
            request.ResponseMinutes,
            request.ResponseOutsideMinutes,
            request.ArrivalMinutes,
            request.ArrivalOutsideMinutes,
            request.ResolutionMinutes,
            yellow,
            red,
            now = UnixMs.Now(clock),
        };
        if (id is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO sd_sla_policies (name, ticket_type, priority, contract, calendar_id, hours_calendar_id, response_minutes, response_outside_minutes,
                  arrival_minutes, arrival_outside_minutes, resolution_minutes, yellow_at, red_at, updated_at)
                VALUES (@name, @ticketType, @Priority, @contract, @calendarId, @HoursCalendarId, @ResponseMinutes, @ResponseOutsideMinutes,
                  @ArrivalMinutes, @ArrivalOutsideMinutes, @ResolutionMinutes, @yellow, @red, @now)
                RETURNING id
                """, args, tx, cancellationToken: ct));
        }
        else if (await connection.ExecuteAsync(new CommandDefinition(
                     """
                     UPDATE sd_sla_policies SET name = @name, ticket_type = @ticketType, priority = @Priority, contract = @contract, calendar_id = @calendarId,
                       hours_calendar_id = @HoursCalendarId, response_minutes = @ResponseMinutes, response_outside_minutes = @ResponseOutsideMinutes,
                       arrival_minutes = @ArrivalMinutes, arrival_outside_minutes = @ArrivalOutsideMinutes, resolution_minutes = @ResolutionMinutes,
                       yellow_at = @yellow, red_at = @red, updated_at = @now
                     WHERE id = @id
                     """, args, tx, cancellationToken: ct)) == 0)
        {
            throw AppProblem.NotFound();
        }

        await audit.RecordAsync(new AuditEntry("servicedesk.sla_policy.save", "sla_policy", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await ByIdAsync(connection, null, id.Value, ct))!;
    }
}
