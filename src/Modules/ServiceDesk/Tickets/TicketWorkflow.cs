using HospitalOps.Kernel.Errors;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A transition as the ticket page offers it to the current user.</summary>
public sealed record OfferedTransitionDto(string Key, string Name, string NameEn, string To, IReadOnlyList<string> RequiredFields, bool CommentRequired, string? Milestone);

/// <summary>
/// What a workflow allows on one ticket: which transitions leave its state, who may take them, whether their conditions hold, and
/// which fields must hold a value afterwards. Every refusal names its reason.
/// </summary>
internal static class TicketWorkflow
{
    /// <summary>The core fields a workflow may test or require, beside a type's own fields.</summary>
    public static readonly string[] CoreFields = ["title", "description", "assignee", "team", "rating", "businessSystem", "reporter", "priority", "impact", "urgency"];

    public static string? Value(TicketRecord ticket, IReadOnlyDictionary<string, string> fields, string field) => field switch
    {
        "title" => ticket.Title,
        "description" => ticket.Description,
        "assignee" => ticket.Assignee,
        "team" => ticket.Team,
        "rating" => ticket.Rating?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "businessSystem" => ticket.BusinessSystemName,
        "reporter" => ticket.ReporterUser ?? ticket.ReporterName,
        "priority" => ticket.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "impact" => ticket.Impact.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "urgency" => ticket.Urgency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => fields.GetValueOrDefault(field),
    };

    public static bool LeavesFrom(WorkflowTransition transition, string state, WorkflowDefinition definition) =>
        transition.From.Contains(state) || (transition.From.Contains("*") && definition.State(state).Category != "closed");

    /// <summary>Whether <paramref name="actor"/> may take the transition: one of its roles fits, or it names none.</summary>
    public static bool MayTake(WorkflowTransition transition, TicketRecord ticket, TicketActor actor, IReadOnlyCollection<string> collaborators)
    {
        if (actor.IsSystem || transition.Roles is null || transition.Roles.Count == 0)
        {
            return true;
        }

        return transition.Roles.Any(role => role switch
        {
            "assignee" => ticket.Assignee is { } a ? a == actor.UserName : actor.Has(ServiceDeskModule.Work),
            "reporter" => ticket.ReporterUser == actor.UserName,
            "collaborator" => collaborators.Contains(actor.UserName),
            _ => actor.Has(role),
        });
    }

    public static bool ConditionsHold(WorkflowTransition transition, TicketRecord ticket, IReadOnlyDictionary<string, string> fields) =>
        (transition.Conditions ?? []).All(c => Holds(c, Value(ticket, fields, c.Field)));

    private static bool Holds(WorkflowCondition condition, string? value) => condition.Op switch
    {
        "eq" => value == condition.Value,
        "ne" => value != condition.Value,
        "in" => value is not null && condition.Value!.Split(',', StringSplitOptions.TrimEntries).Contains(value),
        "set" => !string.IsNullOrWhiteSpace(value),
        "empty" => string.IsNullOrWhiteSpace(value),
        _ => false,
    };

    /// <summary>The transitions the actor may take now (state, role and conditions all fit).</summary>
    public static List<OfferedTransitionDto> Offered(WorkflowDefinition definition, TicketRecord ticket, TicketActor actor, IReadOnlyCollection<string> collaborators)
    {
        var fields = ticket.Fields;
        return definition.Transitions
            .Where(t => LeavesFrom(t, ticket.State, definition) && MayTake(t, ticket, actor, collaborators) && ConditionsHold(t, ticket, fields)
                && !((t.RequiredFields ?? []).Contains("rating") && actor.UserName == ticket.Assignee && actor.UserName != ticket.ReporterUser))
            .Select(t => new OfferedTransitionDto(t.Key, t.Name, t.NameEn, t.To, t.RequiredFields ?? [], t.CommentRequired, t.Milestone))
            .ToList();
    }

    /// <summary>Refuses a transition that does not leave the ticket's state, that the actor may not take, or whose conditions fail.</summary>
    public static void CheckAllowed(WorkflowDefinition definition, WorkflowTransition transition, TicketRecord ticket, TicketActor actor, IReadOnlyCollection<string> collaborators,
        bool approverChecked = false)
    {
        if (!LeavesFrom(transition, ticket.State, definition))
        {
            throw new AppProblem(409, "transition_wrong_state", new Dictionary<string, string>
            {
                ["transition"] = transition.Name,
                ["state"] = definition.States.FirstOrDefault(s => s.Key == ticket.State)?.Name ?? ticket.State,
            });
        }

        // A change's approval levels name who approves; they take the place of the step's roles.
        if (!approverChecked && !MayTake(transition, ticket, actor, collaborators))
        {
            throw new AppProblem(403, "transition_not_allowed", new Dictionary<string, string>
            {
                ["transition"] = transition.Name,
                ["roles"] = string.Join(", ", transition.Roles ?? []),
            });
        }

        // The satisfaction survey is the requester's (or the desk's, calling them): the engineer who did the work does not rate it.
        if ((transition.RequiredFields ?? []).Contains("rating") && !actor.IsSystem && actor.UserName == ticket.Assignee && actor.UserName != ticket.ReporterUser)
        {
            throw new AppProblem(403, "transition_self_rating", new Dictionary<string, string> { ["transition"] = transition.Name });
        }

        var failed = (transition.Conditions ?? []).FirstOrDefault(c => !Holds(c, Value(ticket, ticket.Fields, c.Field)));
        if (failed is not null)
        {
            throw new AppProblem(409, "transition_condition_failed", new Dictionary<string, string>
            {
                ["transition"] = transition.Name,
                ["condition"] = $"{failed.Field} {failed.Op} {failed.Value}".Trim(),
            });
        }
    }

    /// <summary>Refuses the result of a transition when a required field is still empty; every missing field is named.</summary>
    public static void CheckRequired(WorkflowTransition transition, TicketRecord after, IReadOnlyDictionary<string, string> fields, string? comment)
    {
        var missing = (transition.RequiredFields ?? []).Where(f => string.IsNullOrWhiteSpace(Value(after, fields, f))).ToDictionary(f => f, _ => "required");
        if (transition.CommentRequired && string.IsNullOrWhiteSpace(comment))
        {
            missing["comment"] = "required";
        }

        if (missing.Count > 0)
        {
            throw AppProblem.Invalid(missing);
        }
    }
}
