using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A ticket as a person opens it (by phone, at the desk, from the web). Impact and urgency default to the type's.</summary>
public sealed record CreateTicketRequest(
    string? Type,
    string? Title,
    string? Description,
    string? Channel,
    int? Impact,
    int? Urgency,
    long? BusinessSystemId,
    IReadOnlyList<long>? CiIds,
    string? ReporterUser,
    string? ReporterName,
    string? ReporterPhone,
    string? Assignee,
    IReadOnlyDictionary<string, string>? Fields,
    string? Contract);

internal static class CreateTicket
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 20_000;

    internal static async Task<IResult> Endpoint(CreateTicketRequest request, HttpContext context, Databases databases, TicketCreation creation, IUserDirectory users,
        IServiceScopeFactory scopes, TicketReader reader, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        var actor = TicketActor.Of(user);
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitle)
        {
            throw AppProblem.Invalid("title", title.Length == 0 ? "required" : "too_long");
        }

        var description = request.Description?.Trim() ?? "";
        if (description.Length > MaxDescription)
        {
            throw AppProblem.Invalid("description", "too_long");
        }

        if (string.IsNullOrWhiteSpace(request.Type))
        {
            throw AppProblem.Invalid("type", "required");
        }

        var channel = string.IsNullOrWhiteSpace(request.Channel) ? "web" : request.Channel;
        if (!TicketCreation.Channels.Contains(channel) || channel == "alert")
        {
            throw AppProblem.Invalid("channel", "invalid_value");
        }

        if (request.Impact is < 1 or > 3)
        {
            throw AppProblem.Invalid("impact", "invalid_value");
        }

        if (request.Urgency is < 1 or > 3)
        {
            throw AppProblem.Invalid("urgency", "invalid_value");
        }

        if (request.ReporterName is { Length: > 100 } || request.ReporterPhone is { Length: > 40 })
        {
            throw AppProblem.Invalid(request.ReporterName is { Length: > 100 } ? "reporterName" : "reporterPhone", "too_long");
        }

        if (request.CiIds is { Count: > 50 })
        {
            throw AppProblem.Invalid("ciIds", "ticket_too_many_cis");
        }

        string? assignee = null;
        if (!string.IsNullOrWhiteSpace(request.Assignee))
        {
            if (!user.Has(ServiceDeskModule.Dispatch))
            {
                throw AppProblem.Invalid("assignee", "ticket_assign_not_allowed");
            }

            assignee = await TicketUsers.CheckedAsync(users, request.Assignee.Trim(), "assignee", ct);
        }

        // A person who asks through the web is the reporter; a call taken at the desk names a caller, who confirms by phone
        // unless they have an account here.
        var reporterUser = !string.IsNullOrWhiteSpace(request.ReporterUser)
            ? await TicketUsers.CheckedAsync(users, request.ReporterUser.Trim(), "reporterUser", ct)
            : channel == "web" ? user.UserName : null;

        await using var scope = scopes.CreateAsyncScope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ICmdbDirectory>();
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var id = await creation.CreateAsync(connection, tx, new NewTicket(
            request.Type.Trim(), title, description, channel, request.Impact, request.Urgency, request.BusinessSystemId, request.CiIds ?? [],
            reporterUser, string.IsNullOrWhiteSpace(request.ReporterName) ? null : request.ReporterName.Trim(), request.ReporterPhone?.Trim(),
            assignee, null, request.Fields ?? new Dictionary<string, string>(), null, string.IsNullOrWhiteSpace(request.Contract) ? null : request.Contract.Trim(), false, []),
            actor, cmdb, ct);
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
        return Results.Created($"/api/v1/service-desk/tickets/{id}", await reader.DetailAsync(id, actor, ct));
    }
}

/// <summary>Users named on tickets (assignee, @mentions) must exist and be enabled.</summary>
internal static class TicketUsers
{
    public static async Task<string> CheckedAsync(IUserDirectory users, string userName, string field, CancellationToken ct)
    {
        var found = await users.ContactsAsync([userName], ct);
        if (!found.TryGetValue(userName, out var contact) || contact.Disabled)
        {
            throw AppProblem.Invalid(field, "ticket_unknown_user");
        }

        return contact.UserName;
    }
}
