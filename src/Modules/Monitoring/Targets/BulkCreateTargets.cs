using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Targets;

/// <summary>Which CIs: a CMDB type, a business system (by id), attribute values and text, as in the CMDB's lists.</summary>
public sealed record BulkSelector(string? Type, long? BusinessId, Dictionary<string, string>? Attributes, string? Query);

/// <summary>
/// The target to create for each selected CI. <see cref="Address"/> and <see cref="Name"/> are
/// patterns with {name}, {code}, {id} and {attr.X} (any CI attribute, e.g. {attr.ip}).
/// </summary>
public sealed record BulkTemplate(string? Kind, string? Address, string? Name, double? IntervalSeconds, double? TimeoutSeconds, Dictionary<string, string>? Labels, JsonObject? Settings, Dictionary<string, string?>? Secrets);

public sealed record BulkCreateRequest(BulkSelector? Selector, BulkTemplate? Template, bool DryRun);

public sealed record BulkPlannedTarget(long CiId, string CiName, string Name, string Address, long? TargetId);

public sealed record BulkSkippedCi(long CiId, string CiName, string Reason);

public sealed record BulkCreateResult(IReadOnlyList<BulkPlannedTarget> Created, IReadOnlyList<BulkSkippedCi> Skipped, bool DryRun);

/// <summary>
/// Targets for every CI a CMDB query selects ("every Linux server of HIS": type os-instance,
/// attribute os=linux, business system HIS), in one transaction: all or nothing. A dry run shows
/// what would be created and which CIs are skipped, and why.
/// </summary>
internal sealed partial class BulkCreateTargets(Databases databases, ICmdbDirectory cmdb, SaveTarget save, IAuditTrail audit, TargetChanges changes)
{
    private const int Limit = 2000;

    [GeneratedRegex(@"\{(name|code|id|attr\.[A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    public async Task<BulkCreateResult> Handle(BulkCreateRequest request, CancellationToken ct)
    {
        var selector = request.Selector ?? throw AppProblem.Invalid("selector", "required");
        var template = request.Template ?? throw AppProblem.Invalid("template", "required");
        if (string.IsNullOrWhiteSpace(selector.Type) && selector.BusinessId is null && string.IsNullOrWhiteSpace(selector.Query))
        {
            throw AppProblem.Invalid("selector", "selector_too_wide");
        }

        if (string.IsNullOrWhiteSpace(template.Address))
        {
            throw AppProblem.Invalid("template.address", "required");
        }

        var cis = await cmdb.SelectAsync(new CiSelector(selector.Type, selector.BusinessId, selector.Attributes, selector.Query, Limit + 1), ct);
        if (cis.Count > Limit)
        {
            throw AppProblem.Invalid("selector", "too_many_cis");
        }

        var planned = new List<BulkPlannedTarget>();
        var skipped = new List<BulkSkippedCi>();
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var ci in cis)
        {
            var address = Expand(template.Address!, ci);
            var name = Expand(string.IsNullOrWhiteSpace(template.Name) ? "{name} " + template.Kind : template.Name!, ci);
            if (address is null || name is null)
            {
                skipped.Add(new BulkSkippedCi(ci.Id, ci.Name, "missing_attribute"));
                continue;
            }

            var saveRequest = new SaveTargetRequest(ci.Id, template.Kind, name, address, template.IntervalSeconds, template.TimeoutSeconds, true,
                template.Labels, template.Settings?.DeepClone() as JsonObject, template.Secrets, null);
            try
            {
                var id = await save.SaveAsync(connection, tx, null, saveRequest, ct);
                planned.Add(new BulkPlannedTarget(ci.Id, ci.Name, name, address, request.DryRun ? null : id));
            }
            catch (AppProblem problem) when (problem.FieldErrors is { Count: > 0 } errors)
            {
                if (errors.ContainsKey("kind") || errors.Keys.Any(k => k.StartsWith("settings", StringComparison.Ordinal) || k.StartsWith("labels", StringComparison.Ordinal) || k.StartsWith("secrets", StringComparison.Ordinal) || k.EndsWith("Seconds", StringComparison.Ordinal)))
                {
                    // The template itself is wrong: the same error for every CI, so say it once.
                    throw;
                }

                skipped.Add(new BulkSkippedCi(ci.Id, ci.Name, errors.Values.First()));
            }
        }

        if (request.DryRun)
        {
            await tx.RollbackAsync(ct);
        }
        else
        {
            await audit.RecordAsync(new AuditEntry("monitoring.target.bulk-create", "monitoring-target", null, AuditEntry.Success,
                string.Create(CultureInfo.InvariantCulture, $"{template.Kind}: {planned.Count} created, {skipped.Count} skipped")), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
            changes.Signal();
        }

        return new BulkCreateResult(planned, skipped, request.DryRun);
    }

    /// <summary>The pattern with the CI's values, or null when it names an attribute the CI lacks.</summary>
    internal static string? Expand(string pattern, CiFacts ci)
    {
        var missing = false;
        var text = Placeholder().Replace(pattern, m =>
        {
            var key = m.Groups[1].Value;
            var value = key switch
            {
                "name" => ci.Name,
                "code" => ci.Code,
                "id" => ci.Id.ToString(CultureInfo.InvariantCulture),
                _ => ci.Attributes.GetValueOrDefault(key[5..]),
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                missing = true;
                return string.Empty;
            }

            return value;
        });
        return missing ? null : text;
    }

    internal static async Task<IResult> Endpoint(BulkCreateRequest request, BulkCreateTargets handler, CancellationToken ct) =>
        Results.Ok(await handler.Handle(request, ct));
}
