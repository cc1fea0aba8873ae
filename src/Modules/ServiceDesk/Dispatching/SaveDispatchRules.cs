using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Dispatching;

public sealed record TeamMemberDto(string UserName, string DisplayName);

public sealed record DispatchTeamDto(string Code, string Name, string NameEn, IReadOnlyList<TeamMemberDto> Members);

/// <summary>The rules in their order, and the teams they may send tickets to (for the editor's pickers).</summary>
public sealed record DispatchRulesDto(IReadOnlyList<DispatchRule> Rules, IReadOnlyList<DispatchTeamDto> Teams);

public sealed record SaveDispatchRulesRequest(IReadOnlyList<DispatchRule?>? Rules);

/// <summary>系统 → 派单规则: read, and replace the whole ordered list (an administrator's edit is the list as the page shows it).</summary>
internal static class SaveDispatchRules
{
    public const int MaxRules = 100;
    public const int MaxKeywords = 20;

    internal static async Task<IResult> GetEndpoint(Databases databases, IUserDirectory users, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await DtoAsync(await DispatchRules.AllAsync(connection, null, ct), users, ct));
    }

    internal static async Task<IResult> PutEndpoint(SaveDispatchRulesRequest request, HttpContext context, Databases databases, IUserDirectory users, ICmdbDirectory cmdb,
        IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var wanted = request.Rules ?? [];
        if (wanted.Count > MaxRules)
        {
            throw AppProblem.Invalid("rules", "dispatch_too_many_rules");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var types = (await connection.QueryAsync<string>(new CommandDefinition("SELECT key FROM sd_ticket_types", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var teams = (await users.TeamsAsync(ct)).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var systems = wanted.SelectMany(r => r?.Systems ?? []).Distinct().ToList();
        var knownSystems = systems.Count == 0 ? new HashSet<long>() : (await cmdb.FactsAsync(systems, ct)).Keys.ToHashSet();
        var named = wanted.Select(r => r?.Assignee?.Trim()).OfType<string>().Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var contacts = named.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(named, ct);

        var errors = new Dictionary<string, string>();
        var clean = new List<DispatchRule>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var at = $"rules[{i}]";
            var rule = wanted[i];
            var name = rule?.Name?.Trim() ?? "";
            if (name.Length is 0 or > 60)
            {
                errors[at + ".name"] = "dispatch_rule_name";
            }

            var ruleTypes = Words(rule?.Types);
            if (ruleTypes.Any(t => !types.Contains(t)))
            {
                errors[at + ".types"] = "ticket_unknown_type";
            }

            var ruleSystems = (rule?.Systems ?? []).Distinct().ToList();
            if (ruleSystems.Any(s => !knownSystems.Contains(s)))
            {
                errors[at + ".systems"] = "ticket_unknown_ci";
            }

            var priorities = (rule?.Priorities ?? []).Distinct().Order().ToList();
            if (priorities.Any(p => p is < 1 or > 4))
            {
                errors[at + ".priorities"] = "priority_range";
            }

            var channels = Words(rule?.Channels);
            if (channels.Any(c => !TicketCreation.Channels.Contains(c)))
            {
                errors[at + ".channels"] = "invalid_value";
            }

            var keywords = Words(rule?.Keywords);
            if (keywords.Count > MaxKeywords || keywords.Any(k => k.Length > 40))
            {
                errors[at + ".keywords"] = "dispatch_keywords";
            }

            var team = rule?.Team?.Trim() ?? "";
            if (!teams.Contains(team))
            {
                errors[at + ".team"] = "dispatch_unknown_team";
            }

            var assign = rule?.Assign?.Trim() ?? "";
            var assignee = rule?.Assignee?.Trim() is { Length: > 0 } a ? a : null;
            if (!DispatchRules.AssignModes.Contains(assign))
            {
                errors[at + ".assign"] = "dispatch_assign_mode";
            }
            else if (assign == "user" && (assignee is null || !contacts.TryGetValue(assignee, out var contact) || contact.Disabled))
            {
                errors[at + ".assignee"] = assignee is null ? "dispatch_assignee_required" : "ticket_unknown_user";
            }

            clean.Add(new DispatchRule(name, rule?.Enabled ?? true, ruleTypes, ruleSystems, priorities, channels, keywords, team, assign, assign == "user" ? assignee : null));
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var now = UnixMs.Now(clock);
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_dispatch_rules", transaction: tx, cancellationToken: ct));
            for (var i = 0; i < clean.Count; i++)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sd_dispatch_rules (position, rule, updated_at, updated_by) VALUES (@i, @rule, @now, @by)",
                    new { i, rule = System.Text.Json.JsonSerializer.Serialize(clean[i], WorkflowJson.Options), now, by = CurrentUser.Of(context).UserName }, tx, cancellationToken: ct));
            }

            await audit.RecordAsync(new AuditEntry("servicedesk.dispatch_rules.save", "dispatch_rules", null, AuditEntry.Success, $"{clean.Count} rules"), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
        }

        return Results.Ok(await DtoAsync(clean, users, ct));
    }

    private static List<string> Words(IReadOnlyList<string>? words) =>
        (words ?? []).Select(w => w?.Trim() ?? "").Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static async Task<DispatchRulesDto> DtoAsync(IReadOnlyList<DispatchRule> rules, IUserDirectory users, CancellationToken ct)
    {
        var teams = await users.TeamsAsync(ct);
        var names = await users.ContactsAsync(teams.SelectMany(t => t.Members).Distinct(StringComparer.Ordinal).ToList(), ct);
        return new DispatchRulesDto(rules, teams.Select(t => new DispatchTeamDto(t.Code, t.Name, t.NameEn,
            t.Members.Select(m => new TeamMemberDto(m, names.TryGetValue(m, out var c) ? c.DisplayName : m)).ToList())).ToList());
    }
}
