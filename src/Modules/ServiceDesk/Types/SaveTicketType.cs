using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Types;

/// <summary>A ticket type as the administrator saves it; <see cref="Key"/> is fixed once created.</summary>
public sealed record SaveTicketTypeRequest(
    string? Key,
    string? Name,
    string? NameEn,
    string? Prefix,
    long? WorkflowId,
    IReadOnlyList<TicketField>? Fields,
    int? DefaultImpact,
    int? DefaultUrgency,
    bool? Active);

/// <summary>
/// Ticket types: the built-in ones and those an administrator adds without any development (the seed's "ITIL functions
/// without development"), each with its own fields and workflow. A type's workflow may change; open tickets keep theirs.
/// </summary>
internal static class SaveTicketType
{
    public static readonly string[] FieldKinds = ["text", "textarea", "number", "select", "datetime", "boolean"];
    public const int MaxFields = 40;

    internal static async Task<IResult> ListEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await AllAsync(connection, ct));
    }

    internal static async Task<IResult> CreateEndpoint(SaveTicketTypeRequest request, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        Results.Created("/api/v1/service-desk/types", await SaveAsync(null, request, databases, audit, clock, ct));

    internal static async Task<IResult> UpdateEndpoint(long id, SaveTicketTypeRequest request, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(await SaveAsync(id, request, databases, audit, clock, ct));

    private static async Task<List<TicketTypeDto>> AllAsync(System.Data.Common.DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, string Key, string Name, string NameEn, string Prefix, long WorkflowId, string WorkflowKey, string Fields, long Impact, long Urgency, bool BuiltIn, bool Active)>(
            new CommandDefinition(
                """
                SELECT t.id, t.key, t.name, t.name_en, t.prefix, t.workflow_id, w.key, t.fields, t.default_impact, t.default_urgency, t.built_in, t.active
                FROM sd_ticket_types t JOIN sd_workflows w ON w.id = t.workflow_id ORDER BY t.built_in DESC, t.id
                """, cancellationToken: ct)))
        .Select(r => new TicketTypeDto(r.Id, r.Key, r.Name, r.NameEn, r.Prefix, r.WorkflowId, r.WorkflowKey,
            JsonSerializer.Deserialize<List<TicketField>>(r.Fields, WorkflowJson.Options) ?? [], (int)r.Impact, (int)r.Urgency, r.BuiltIn, r.Active))
        .ToList();

    private static async Task<TicketTypeDto> SaveAsync(long? id, SaveTicketTypeRequest request, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var name = Required(request.Name, "name", 40);
        var nameEn = Required(request.NameEn, "nameEn", 60);
        var prefix = request.Prefix?.Trim() ?? "";
        if (prefix.Length is < 2 or > 6 || !prefix.All(char.IsAsciiLetterUpper))
        {
            throw AppProblem.Invalid("prefix", prefix.Length == 0 ? "required" : "ticket_type_bad_prefix");
        }

        if (request.DefaultImpact is < 1 or > 3 || request.DefaultUrgency is < 1 or > 3)
        {
            throw AppProblem.Invalid(request.DefaultImpact is < 1 or > 3 ? "defaultImpact" : "defaultUrgency", "invalid_value");
        }

        var fields = CheckedFields(request.Fields ?? []);
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (request.WorkflowId is not { } workflowId
            || await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_workflows WHERE id = @workflowId", new { workflowId }, tx, cancellationToken: ct)) is null)
        {
            throw AppProblem.Invalid("workflowId", request.WorkflowId is null ? "required" : "ticket_unknown_workflow");
        }

        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sd_ticket_types WHERE prefix = @prefix AND id <> @self", new { prefix, self = id ?? 0 }, tx, cancellationToken: ct)) is not null)
        {
            throw AppProblem.Invalid("prefix", "ticket_type_prefix_taken");
        }

        var args = new
        {
            id, name, nameEn, prefix, workflowId, fields = JsonSerializer.Serialize(fields, WorkflowJson.Options), impact = request.DefaultImpact ?? 2, urgency = request.DefaultUrgency ?? 2,
            active = request.Active ?? true, no = false, now,
        };
        string key;
        if (id is null)
        {
            key = request.Key?.Trim() ?? "";
            if (key.Length is 0 or > 40 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-') || !char.IsAsciiLetterLower(key[0]))
            {
                throw AppProblem.Invalid("key", key.Length == 0 ? "required" : "workflow_bad_key");
            }

            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_ticket_types WHERE key = @key", new { key }, tx, cancellationToken: ct)) is not null)
            {
                throw AppProblem.Invalid("key", "ticket_type_key_taken");
            }

            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO sd_ticket_types (key, name, name_en, prefix, workflow_id, fields, default_impact, default_urgency, built_in, active, updated_at)
                VALUES (@key, @name, @nameEn, @prefix, @workflowId, @fields, @impact, @urgency, @no, @active, @now) RETURNING id
                """, new { key, args.name, args.nameEn, args.prefix, args.workflowId, args.fields, args.impact, args.urgency, args.no, args.active, args.now }, tx, cancellationToken: ct));
        }
        else
        {
            key = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT key FROM sd_ticket_types WHERE id = @id", new { id }, tx, cancellationToken: ct))
                ?? throw AppProblem.NotFound();
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE sd_ticket_types SET name = @name, name_en = @nameEn, prefix = @prefix, workflow_id = @workflowId, fields = @fields, default_impact = @impact,
                  default_urgency = @urgency, active = @active, updated_at = @now WHERE id = @id
                """, args, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(new AuditEntry("servicedesk.type.save", "ticket_type", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, key), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await AllAsync(connection, ct)).Single(t => t.Id == id);
    }

    private static string Required(string? value, string field, int max)
    {
        var v = value?.Trim() ?? "";
        return v.Length == 0 ? throw AppProblem.Invalid(field, "required") : v.Length > max ? throw AppProblem.Invalid(field, "too_long") : v;
    }

    private static List<TicketField> CheckedFields(IReadOnlyList<TicketField> fields)
    {
        if (fields.Count > MaxFields)
        {
            throw AppProblem.Invalid("fields", "ticket_too_many_fields");
        }

        var result = new List<TicketField>();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i] ?? throw AppProblem.Invalid($"fields[{i}]", "required");
            var key = f.Key?.Trim() ?? "";
            if (key.Length is 0 or > 40 || !char.IsAsciiLetterLower(key[0]) || !key.All(char.IsAsciiLetterOrDigit))
            {
                throw AppProblem.Invalid($"fields[{i}].key", key.Length == 0 ? "required" : "ticket_field_bad_key");
            }

            if (TicketWorkflow.CoreFields.Contains(key) || result.Any(r => r.Key == key))
            {
                throw AppProblem.Invalid($"fields[{i}].key", "ticket_field_key_taken");
            }

            if (!FieldKinds.Contains(f.Kind))
            {
                throw AppProblem.Invalid($"fields[{i}].kind", "invalid_value");
            }

            var options = f.Options?.Select(o => new TicketFieldOption(o.Value?.Trim() ?? "", o.Name?.Trim() ?? "", o.NameEn?.Trim() ?? "")).ToList();
            if (f.Kind == "select" && (options is not { Count: > 0 and <= 50 } || options.Any(o => o.Value.Length is 0 or > 40 || o.Name.Length is 0 or > 40) || options.DistinctBy(o => o.Value).Count() != options.Count))
            {
                throw AppProblem.Invalid($"fields[{i}].options", "ticket_field_bad_options");
            }

            result.Add(new TicketField(key, Required(f.Name, $"fields[{i}].name", 40), Required(f.NameEn, $"fields[{i}].nameEn", 60), f.Kind, f.Kind == "select" ? options : null, f.Required));
        }

        return result;
    }
}
