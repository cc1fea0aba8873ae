using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Dispatching;

/// <summary>
/// A dispatch rule (派单规则): the tickets it takes — of these types, business systems, priorities and channels, with one of these
/// words in the title or description; an empty list takes any — and where they go: a team, and in it the member who may work
/// tickets with the fewest open (<c>least_loaded</c>), a named person (<c>user</c>), or the team's queue alone (<c>team</c>).
/// </summary>
public sealed record DispatchRule(
    string Name,
    bool Enabled,
    IReadOnlyList<string> Types,
    IReadOnlyList<long> Systems,
    IReadOnlyList<int> Priorities,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Keywords,
    string Team,
    string Assign,
    string? Assignee);

/// <summary>Where a rule sent a new ticket.</summary>
internal sealed record Dispatched(string Rule, string Team, string? Assignee);

/// <summary>
/// The rules in their order, and the choice for a new ticket nobody assigned: the first enabled rule that takes it wins. Tickets
/// from alerts are first given to the maintainers the CMDB names; rules take those it names nobody for.
/// </summary>
internal sealed class DispatchRules(IUserDirectory users)
{
    public static readonly string[] AssignModes = ["least_loaded", "user", "team"];

    public static async Task<List<DispatchRule>> AllAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition("SELECT rule FROM sd_dispatch_rules ORDER BY position", transaction: tx, cancellationToken: ct)))
            .Select(json => JsonSerializer.Deserialize<DispatchRule>(json, WorkflowJson.Options)!)
            .ToList();

    public static bool Takes(DispatchRule rule, string typeKey, long? systemId, int priority, string channel, string title, string description) =>
        rule.Enabled
        && (rule.Types.Count == 0 || rule.Types.Contains(typeKey, StringComparer.Ordinal))
        && (rule.Systems.Count == 0 || (systemId is { } s && rule.Systems.Contains(s)))
        && (rule.Priorities.Count == 0 || rule.Priorities.Contains(priority))
        && (rule.Channels.Count == 0 || rule.Channels.Contains(channel, StringComparer.Ordinal))
        && (rule.Keywords.Count == 0 || rule.Keywords.Any(k => title.Contains(k, StringComparison.OrdinalIgnoreCase) || description.Contains(k, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The team and person the first rule that takes the ticket names; null when none does. A rule whose team is gone is passed
    /// over; a named person who left (disabled) leaves the ticket in the team's queue, as does a team with no one in it.
    /// </summary>
    public async Task<Dispatched?> ChooseAsync(DbConnection connection, DbTransaction tx, string typeKey, long? systemId, int priority, string channel, string title,
        string description, CancellationToken ct)
    {
        var rules = (await AllAsync(connection, tx, ct)).Where(r => Takes(r, typeKey, systemId, priority, channel, title, description)).ToList();
        if (rules.Count == 0)
        {
            return null;
        }

        var teams = (await users.TeamsAsync(ct)).ToDictionary(t => t.Code, StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!teams.TryGetValue(rule.Team, out var team))
            {
                continue;
            }

            var assignee = rule.Assign switch
            {
                "user" when rule.Assignee is { } named => (await users.ContactsAsync([named], ct)).TryGetValue(named, out var c) && !c.Disabled ? named : null,
                "least_loaded" => await LeastLoadedAsync(connection, tx, await WorkersAsync(team.Members, ct), ct),
                _ => null,
            };
            return new Dispatched(rule.Name, team.Name, assignee);
        }

        return null;
    }

    /// <summary>The members who may work tickets (a team's head who only reads them is not given any).</summary>
    private async Task<List<string>> WorkersAsync(IReadOnlyList<string> members, CancellationToken ct)
    {
        var workers = (await users.HoldersOfAsync(ServiceDeskModule.Work, ct)).Select(u => u.UserName).ToHashSet(StringComparer.Ordinal);
        return members.Where(workers.Contains).ToList();
    }

    /// <summary>The member with the fewest tickets in hand (new, open or waiting); the first by name among equals.</summary>
    private static async Task<string?> LeastLoadedAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> members, CancellationToken ct)
    {
        if (members.Count == 0)
        {
            return null;
        }

        var args = new DynamicParameters();
        var load = (await connection.QueryAsync<(string Assignee, long Open)>(new CommandDefinition(
            $"""
            SELECT assignee, COUNT(*) FROM sd_tickets
            WHERE assignee IN {SqlIn.List("m", members, args)} AND state_category IN ('new', 'open', 'waiting') GROUP BY assignee
            """, args, tx, cancellationToken: ct))).ToDictionary(l => l.Assignee, l => l.Open, StringComparer.Ordinal);
        return members.OrderBy(m => load.GetValueOrDefault(m)).ThenBy(m => m, StringComparer.Ordinal).First();
    }
}
