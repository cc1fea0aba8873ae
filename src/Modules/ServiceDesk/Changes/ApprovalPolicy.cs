using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Changes;

/// <summary>
/// One approval level of a change: who may approve at it, by role (an Identity role or a permission such as
/// <c>servicedesk.approve</c>) or by name. Someone matching either list approves.
/// </summary>
public sealed record ApprovalLevel(string Name, string NameEn, IReadOnlyList<string> Roles, IReadOnlyList<string> Users);

/// <summary>The approval levels of changes of one risk, in the order they approve.</summary>
public sealed record RiskApprovalPolicy(string Risk, IReadOnlyList<ApprovalLevel> Levels, bool Configured);

/// <summary>The policies of the three risks, as saved or as shipped.</summary>
public sealed record ApprovalPoliciesDto(IReadOnlyList<RiskApprovalPolicy> Policies);

/// <summary>The levels of each risk to save; a risk left out keeps what it has.</summary>
public sealed record SaveApprovalPoliciesRequest(IReadOnlyDictionary<string, IReadOnlyList<ApprovalLevel>?>? Levels);

/// <summary>
/// Who approves a change of each risk (低/中/高): ordered levels, e.g. 科室主任 then 信息科主任 for high risk. Until an administrator
/// saves one, a risk has one level, anyone with the approve permission — the behaviour of the built-in change workflow.
/// </summary>
internal static class ApprovalPolicy
{
    public static readonly string[] Risks = ["low", "medium", "high"];
    public const int MaxLevels = 5;
    public const int MaxApprovers = 20;

    public static IReadOnlyList<ApprovalLevel> Default { get; } = [new("审批", "Approval", [BuiltInWorkflows.Approve], [])];

    public static async Task<IReadOnlyList<ApprovalLevel>> LevelsAsync(DbConnection connection, DbTransaction? tx, string risk, CancellationToken ct)
    {
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT levels FROM sd_change_approval_policies WHERE risk = @risk", new { risk }, tx, cancellationToken: ct));
        return json is null ? Default : Parse(json);
    }

    public static IReadOnlyList<ApprovalLevel> Parse(string json) => JsonSerializer.Deserialize<List<ApprovalLevel>>(json, WorkflowJson.Options) ?? [];

    public static string Json(IReadOnlyList<ApprovalLevel> levels) => JsonSerializer.Serialize(levels, WorkflowJson.Options);

    /// <summary>Whether the person fits the level: named, or holding one of its roles or permissions.</summary>
    public static bool Fits(ApprovalLevel level, string userName, IReadOnlyCollection<string> permissions, IReadOnlyCollection<string> roles) =>
        level.Users.Contains(userName, StringComparer.Ordinal) || level.Roles.Any(r => permissions.Contains(r) || roles.Contains(r));

    internal static async Task<IResult> GetEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await AllAsync(connection, ct));
    }

    internal static async Task<IResult> PutEndpoint(SaveApprovalPoliciesRequest request, HttpContext context, Databases databases, IUserDirectory users, IAuditTrail audit,
        TimeProvider clock, CancellationToken ct)
    {
        var wanted = request.Levels ?? new Dictionary<string, IReadOnlyList<ApprovalLevel>?>();
        var errors = new Dictionary<string, string>();
        var roles = (await users.RolesAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var checkedLevels = new Dictionary<string, List<ApprovalLevel>>();
        foreach (var (risk, levels) in wanted)
        {
            if (!Risks.Contains(risk))
            {
                errors[$"levels.{risk}"] = "change_unknown_risk";
                continue;
            }

            if (levels is null || levels.Count is 0 or > MaxLevels)
            {
                errors[$"levels.{risk}"] = "change_approval_level_count";
                continue;
            }

            var clean = new List<ApprovalLevel>();
            for (var i = 0; i < levels.Count; i++)
            {
                var at = $"levels.{risk}[{i}]";
                var level = levels[i];
                var name = level?.Name?.Trim() ?? "";
                var nameEn = string.IsNullOrWhiteSpace(level?.NameEn) ? name : level.NameEn.Trim();
                var levelRoles = (level?.Roles ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                var levelUsers = (level?.Users ?? []).Select(u => u?.Trim() ?? "").Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (name.Length is 0 or > 40 || nameEn.Length > 60)
                {
                    errors[at + ".name"] = "change_approval_level_name";
                }

                if (levelRoles.Count + levelUsers.Count == 0 || levelRoles.Count + levelUsers.Count > MaxApprovers)
                {
                    errors[at] = "change_approval_no_approver";
                }

                if (levelRoles.Any(r => !roles.Contains(r) && !PermissionCatalog.Exists(r)))
                {
                    errors[at + ".roles"] = "change_approval_unknown_role";
                }

                if (levelUsers.Count > 0)
                {
                    var known = await users.ContactsAsync(levelUsers, ct);
                    if (levelUsers.Any(u => !known.TryGetValue(u, out var c) || c.Disabled))
                    {
                        errors[at + ".users"] = "ticket_unknown_user";
                    }
                }

                clean.Add(new ApprovalLevel(name, nameEn, levelRoles, levelUsers));
            }

            checkedLevels[risk] = clean;
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var actor = CurrentUser.Of(context);
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            foreach (var (risk, levels) in checkedLevels)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO sd_change_approval_policies (risk, levels, updated_at, updated_by) VALUES (@risk, @levels, @now, @by)
                    ON CONFLICT (risk) DO UPDATE SET levels = excluded.levels, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                    """,
                    new { risk, levels = Json(levels), now, by = actor.UserName }, tx, cancellationToken: ct));
            }

            await audit.RecordAsync(new AuditEntry("servicedesk.change_approval.save", "change_approval_policy", null, AuditEntry.Success, string.Join(",", checkedLevels.Keys)), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
        }

        return Results.Ok(await AllAsync(connection, ct));
    }

    private static async Task<ApprovalPoliciesDto> AllAsync(DbConnection connection, CancellationToken ct)
    {
        var saved = (await connection.QueryAsync<(string Risk, string Levels)>(new CommandDefinition(
            "SELECT risk, levels FROM sd_change_approval_policies", cancellationToken: ct))).ToDictionary(r => r.Risk, r => r.Levels);
        return new ApprovalPoliciesDto(Risks.Select(r => saved.TryGetValue(r, out var json)
            ? new RiskApprovalPolicy(r, Parse(json), true)
            : new RiskApprovalPolicy(r, Default, false)).ToList());
    }
}
