using System.Text.Json;
using System.Text.Json.Serialization;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.ServiceDesk.Workflows;

/// <summary>
/// A ticket workflow as data: its states and the transitions between them. A saved definition is a version; tickets keep the
/// version they were opened with, so an administrator can change a workflow in use without breaking open tickets.
/// </summary>
public sealed record WorkflowDefinition(string Initial, IReadOnlyList<WorkflowState> States, IReadOnlyList<WorkflowTransition> Transitions);

/// <summary>How definitions are stored (JSON) and looked into.</summary>
internal static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static WorkflowState State(this WorkflowDefinition definition, string key) => definition.States.First(s => s.Key == key);

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Deserialize(string json) => JsonSerializer.Deserialize<WorkflowDefinition>(json, Options) ?? throw new InvalidOperationException("empty workflow");
}

/// <summary>A state of a workflow.</summary>
/// <param name="Category">
/// What the state means to lists, boards and SLA: <c>new</c> (not yet taken), <c>open</c> (being worked), <c>waiting</c> (on someone
/// outside the service desk), <c>resolved</c> (fixed, awaiting confirmation), <c>closed</c>.
/// </param>
/// <param name="Sla">What the resolution clock does in this state: <c>running</c>, <c>paused</c> or <c>stopped</c>.</param>
/// <param name="X">Where the designer draws it (optional).</param>
public sealed record WorkflowState(string Key, string Name, string NameEn, string Category, string Sla, double? X = null, double? Y = null);

/// <summary>A way from one or more states to another, with who may take it and what it needs and does.</summary>
/// <param name="From">The states it leaves from; <c>*</c> for any state that is not closed.</param>
/// <param name="Roles">
/// Who may take it: <c>assignee</c> (the ticket's assignee), <c>reporter</c> (who asked), <c>collaborator</c>, or a permission
/// (<c>servicedesk.dispatch</c>). Empty: anyone who may work on tickets.
/// </param>
/// <param name="RequiredFields">Fields that must hold a value once the transition's inputs are applied (<c>assignee</c>, <c>resolution</c>, a type's own field).</param>
/// <param name="Conditions">All must hold for the transition to be offered (e.g. a change's risk is high).</param>
/// <param name="Milestone">An SLA target it meets: <c>response</c>, <c>arrival</c> or <c>resolution</c>.</param>
public sealed record WorkflowTransition(
    string Key,
    string Name,
    string NameEn,
    IReadOnlyList<string> From,
    string To,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? RequiredFields = null,
    IReadOnlyList<WorkflowCondition>? Conditions = null,
    IReadOnlyList<WorkflowAction>? Actions = null,
    string? Milestone = null,
    bool CommentRequired = false);

/// <summary>A test of a ticket field: <c>eq</c>, <c>ne</c>, <c>in</c> (comma-separated values), <c>set</c> or <c>empty</c>.</summary>
public sealed record WorkflowCondition(string Field, string Op, string? Value = null);

/// <summary>
/// What a transition does besides changing state: <c>notify</c> (<see cref="To"/>: assignee, reporter, collaborators),
/// <c>set_field</c> (<see cref="Field"/> = <see cref="Value"/>), <c>create_linked</c> (a ticket of type <see cref="Value"/>),
/// <c>open_maintenance_window</c> (for the ticket's CIs, over its planned start and end).
/// </summary>
public sealed record WorkflowAction(string Kind, string? Field = null, string? Value = null, IReadOnlyList<string>? To = null);

/// <summary>The vocabulary of definitions, and the check every saved definition passes.</summary>
internal static class WorkflowRules
{
    public static readonly string[] Categories = ["new", "open", "waiting", "resolved", "closed"];
    public static readonly string[] SlaBehaviours = ["running", "paused", "stopped"];
    public static readonly string[] Milestones = ["response", "arrival", "resolution"];
    public static readonly string[] ConditionOps = ["eq", "ne", "in", "set", "empty"];
    public static readonly string[] ActionKinds = ["notify", "set_field", "create_linked", "open_maintenance_window"];
    public static readonly string[] RoleWords = ["assignee", "reporter", "collaborator"];
    public const int MaxStates = 40;
    public const int MaxTransitions = 120;

    /// <summary>Refuses a definition that could strand a ticket or that names what does not exist, with the path of the first fault.</summary>
    public static void Check(WorkflowDefinition? definition, Func<string, bool> isPermission)
    {
        if (definition is null || definition.States is null || definition.Transitions is null)
        {
            throw AppProblem.Invalid("definition", "required");
        }

        if (definition.States.Count is 0 or > MaxStates)
        {
            throw Fault("definition.states", "workflow_state_count", ("max", MaxStates));
        }

        if (definition.Transitions.Count > MaxTransitions)
        {
            throw Fault("definition.transitions", "workflow_transition_count", ("max", MaxTransitions));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.States.Count; i++)
        {
            var s = definition.States[i];
            CheckKey(s?.Key, $"definition.states[{i}].key");
            CheckName(s!.Name, $"definition.states[{i}].name");
            CheckName(s.NameEn, $"definition.states[{i}].nameEn");
            if (!keys.Add(s.Key))
            {
                throw AppProblem.Invalid($"definition.states[{i}].key", "workflow_duplicate_key");
            }

            if (!Categories.Contains(s.Category))
            {
                throw AppProblem.Invalid($"definition.states[{i}].category", "invalid_value");
            }

            if (!SlaBehaviours.Contains(s.Sla))
            {
                throw AppProblem.Invalid($"definition.states[{i}].sla", "invalid_value");
            }
        }

        if (!keys.Contains(definition.Initial ?? ""))
        {
            throw Fault("definition.initial", "workflow_unknown_state", ("state", definition.Initial ?? ""));
        }

        if (definition.State(definition.Initial!).Category is "resolved" or "closed")
        {
            throw AppProblem.Invalid("definition.initial", "workflow_initial_final");
        }

        var transitionKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Transitions.Count; i++)
        {
            var t = definition.Transitions[i];
            var at = $"definition.transitions[{i}]";
            CheckKey(t?.Key, at + ".key");
            CheckName(t!.Name, at + ".name");
            CheckName(t.NameEn, at + ".nameEn");
            if (!transitionKeys.Add(t.Key))
            {
                throw AppProblem.Invalid(at + ".key", "workflow_duplicate_key");
            }

            if (t.From is null || t.From.Count == 0)
            {
                throw AppProblem.Invalid(at + ".from", "required");
            }

            foreach (var from in t.From)
            {
                if (from != "*" && !keys.Contains(from ?? ""))
                {
                    throw Fault(at + ".from", "workflow_unknown_state", ("state", from ?? ""));
                }
            }

            if (!keys.Contains(t.To ?? ""))
            {
                throw Fault(at + ".to", "workflow_unknown_state", ("state", t.To ?? ""));
            }

            foreach (var role in t.Roles ?? [])
            {
                if (!RoleWords.Contains(role) && !isPermission(role ?? ""))
                {
                    throw Fault(at + ".roles", "workflow_unknown_role", ("role", role ?? ""));
                }
            }

            foreach (var field in t.RequiredFields ?? [])
            {
                CheckFieldKey(field, at + ".requiredFields");
            }

            for (var c = 0; c < (t.Conditions?.Count ?? 0); c++)
            {
                var condition = t.Conditions![c];
                CheckFieldKey(condition?.Field, $"{at}.conditions[{c}].field");
                if (!ConditionOps.Contains(condition!.Op))
                {
                    throw AppProblem.Invalid($"{at}.conditions[{c}].op", "invalid_value");
                }

                if (condition.Op is "eq" or "ne" or "in" && condition.Value is null)
                {
                    throw AppProblem.Invalid($"{at}.conditions[{c}].value", "required");
                }
            }

            for (var a = 0; a < (t.Actions?.Count ?? 0); a++)
            {
                var action = t.Actions![a];
                if (action is null || !ActionKinds.Contains(action.Kind))
                {
                    throw AppProblem.Invalid($"{at}.actions[{a}].kind", "invalid_value");
                }

                if (action.Kind == "set_field")
                {
                    CheckFieldKey(action.Field, $"{at}.actions[{a}].field");
                }

                if (action.Kind == "create_linked" && string.IsNullOrWhiteSpace(action.Value))
                {
                    throw AppProblem.Invalid($"{at}.actions[{a}].value", "required");
                }
            }

            if (t.Milestone is not null && !Milestones.Contains(t.Milestone))
            {
                throw AppProblem.Invalid(at + ".milestone", "invalid_value");
            }
        }

        // Every state must be reachable from the initial one, and from every state that is not closed a ticket must be able to
        // move on: otherwise a ticket could be opened into, or left in, a state nobody can leave.
        var reachable = new HashSet<string>(StringComparer.Ordinal) { definition.Initial! };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var t in definition.Transitions)
            {
                if (t.From.Any(f => f == "*" ? reachable.Any(r => definition.State(r).Category != "closed") : reachable.Contains(f)) && reachable.Add(t.To))
                {
                    grew = true;
                }
            }
        }

        var unreachable = definition.States.FirstOrDefault(s => !reachable.Contains(s.Key));
        if (unreachable is not null)
        {
            throw Fault("definition.states", "workflow_unreachable_state", ("state", unreachable.Name));
        }

        if (!definition.States.Any(s => s.Category == "closed"))
        {
            throw AppProblem.Invalid("definition.states", "workflow_no_closed_state");
        }

        var stuck = definition.States.FirstOrDefault(s => s.Category != "closed" && !definition.Transitions.Any(t => t.From.Contains(s.Key) || t.From.Contains("*")));
        if (stuck is not null)
        {
            throw Fault("definition.states", "workflow_dead_end", ("state", stuck.Name));
        }
    }

    private static AppProblem Fault(string field, string code, (string Name, object Value) arg) =>
        new(400, code, new Dictionary<string, string> { [arg.Name] = Convert.ToString(arg.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "" }, new Dictionary<string, string> { [field] = code });

    private static void CheckKey(string? key, string field)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 60 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.') || !char.IsAsciiLetterLower(key[0]))
        {
            throw AppProblem.Invalid(field, "workflow_bad_key");
        }
    }

    /// <summary>Fields are named as types name them (<c>rootCause</c>, <c>plannedStart</c>): a lower-case letter, then letters and digits.</summary>
    private static void CheckFieldKey(string? key, string field)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 40 || !char.IsAsciiLetterLower(key[0]) || !key.All(char.IsAsciiLetterOrDigit))
        {
            throw AppProblem.Invalid(field, "workflow_bad_field");
        }
    }

    private static void CheckName(string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw AppProblem.Invalid(field, "required");
        }

        if (name.Length > 60)
        {
            throw AppProblem.Invalid(field, "too_long");
        }
    }
}
