using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Targets;

/// <summary>
/// Creates or changes a monitoring target: kind, address, interval and timeout checked, the CI
/// checked in the CMDB, secrets encrypted, a stale version refused with 409, the change audited.
/// </summary>
internal sealed partial class SaveTarget(Databases databases, TimeProvider clock, ISecretProtector secrets, IAuditTrail audit, ICmdbDirectory cmdb, TargetChanges changes, TargetReader reader)
{
    /// <summary>Labels the platform sets from the CMDB; users may not set them by hand.</summary>
    public static readonly IReadOnlySet<string> AutomaticLabels = new HashSet<string>(StringComparer.Ordinal) { "ci_id", "ci", "ci_type", "business", "zone" };

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,62}$")]
    private static partial Regex LabelName();

    public async Task<TargetDto> Create(CurrentUser user, SaveTargetRequest request, string language, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var id = await SaveAsync(connection, tx, null, request, ct);
        await audit.RecordAsync(new AuditEntry("monitoring.target.create", "monitoring-target", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{request.Kind} {request.Name?.Trim()}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        changes.Signal();
        return (await reader.GetAsync(id, language, ct))!;
    }

    public async Task<TargetDto> Update(CurrentUser user, long id, SaveTargetRequest request, string language, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await TargetRow.FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (request.Version is null)
        {
            throw AppProblem.Invalid("version", "required");
        }

        if (request.Version != existing.Version)
        {
            throw AppProblem.Conflict();
        }

        await SaveAsync(connection, tx, existing, request with { Kind = existing.Kind }, ct);
        await audit.RecordAsync(new AuditEntry("monitoring.target.update", "monitoring-target", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{existing.Kind} {request.Name?.Trim()}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        changes.Signal();
        return (await reader.GetAsync(id, language, ct))!;
    }

    /// <summary>The shared write path; the bulk creation uses it inside its one transaction.</summary>
    internal async Task<long> SaveAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, TargetRow? existing, SaveTargetRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var kind = TargetKind.Find(request.Kind?.Trim());
        if (kind is null)
        {
            throw AppProblem.Invalid("kind", string.IsNullOrWhiteSpace(request.Kind) ? "required" : "unknown_target_kind");
        }

        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors["name"] = "required";
        }
        else if (name.Length > 200)
        {
            errors["name"] = "too_long";
        }
        else if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitoring_targets WHERE name = @name AND id <> @id", new { name, id = existing?.Id ?? 0 }, tx) > 0)
        {
            errors["name"] = "name_taken";
        }

        var address = request.Address?.Trim() ?? string.Empty;
        if (kind.CheckAddress(address) is { } addressError)
        {
            errors["address"] = addressError;
        }

        var settings = request.Settings ?? existing?.SettingsObject ?? [];
        kind.CheckSettings(settings, errors);
        var discover = kind.Code == "prometheus" && settings.Bool("discover") == true;
        if (request.CiId is { } ciId)
        {
            if ((await cmdb.FactsAsync([ciId], ct)).Count == 0)
            {
                errors["ciId"] = "invalid_reference";
            }
        }
        else if (!discover)
        {
            errors["ciId"] = "required";
        }

        var intervalMs = (int)Math.Round((request.IntervalSeconds ?? (existing?.IntervalMs ?? kind.DefaultIntervalMs) / 1000.0) * 1000);
        if (intervalMs is < 1000 or > 86_400_000)
        {
            errors["intervalSeconds"] = "invalid_interval";
        }

        var timeoutMs = (int)Math.Round((request.TimeoutSeconds ?? Math.Min(10_000, existing?.TimeoutMs ?? intervalMs) / 1000.0) * 1000);
        if (timeoutMs < 100 || timeoutMs > Math.Max(intervalMs, 1000))
        {
            errors["timeoutSeconds"] = "invalid_timeout";
        }

        var labels = request.Labels ?? existing?.LabelMap ?? [];
        if (labels.Count > 30)
        {
            errors["labels"] = "too_many_labels";
        }

        foreach (var (labelName, value) in labels)
        {
            if (!LabelName().IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
            {
                errors["labels." + labelName] = "invalid_label_name";
            }
            else if (AutomaticLabels.Contains(labelName))
            {
                errors["labels." + labelName] = "automatic_label";
            }
            else if (value is null || value.Length > 500)
            {
                errors["labels." + labelName] = "invalid_label_value";
            }
        }

        var storedSecrets = existing?.Secrets(secrets) ?? [];
        foreach (var (field, value) in request.Secrets ?? [])
        {
            if (!kind.SecretFields.Contains(field))
            {
                errors["secrets." + field] = "unknown_secret_field";
            }
            else if (string.IsNullOrEmpty(value))
            {
                storedSecrets.Remove(field);
            }
            else
            {
                storedSecrets[field] = value;
            }
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var now = UnixMs.Now(clock);
        var args = new
        {
            ciId = request.CiId,
            kind = kind.Code,
            name,
            address,
            intervalMs,
            timeoutMs,
            enabled = request.Enabled ?? existing?.Enabled ?? true,
            labels = JsonSerializer.Serialize(labels),
            settings = settings.ToJsonString(),
            secret = storedSecrets.Count == 0 ? null : secrets.Protect(JsonSerializer.Serialize(storedSecrets)),
            now,
            id = existing?.Id ?? 0,
            version = (existing?.Version ?? 0) + 1,
        };
        if (existing is null)
        {
            return await c.ExecuteScalarAsync<long>(
                """
                INSERT INTO monitoring_targets (ci_id, kind, name, address, interval_ms, timeout_ms, enabled, labels, settings, secret, created_at, updated_at)
                VALUES (@ciId, @kind, @name, @address, @intervalMs, @timeoutMs, @enabled, @labels, @settings, @secret, @now, @now) RETURNING id
                """, args, tx);
        }

        await c.ExecuteAsync(
            """
            UPDATE monitoring_targets SET ci_id = @ciId, name = @name, address = @address, interval_ms = @intervalMs, timeout_ms = @timeoutMs, enabled = @enabled,
              labels = @labels, settings = @settings, secret = @secret, updated_at = @now, version = @version WHERE id = @id
            """, args, tx);
        return existing.Id;
    }

    internal static async Task<IResult> CreateEndpoint(HttpContext context, SaveTargetRequest request, SaveTarget handler, CancellationToken ct)
    {
        var target = await handler.Create(CurrentUser.Of(context), request, RequestLanguage.Of(context), ct);
        return Results.Created($"/api/v1/monitoring/targets/{target.Id}", target);
    }

    internal static async Task<IResult> UpdateEndpoint(HttpContext context, long id, SaveTargetRequest request, SaveTarget handler, CancellationToken ct) =>
        Results.Ok(await handler.Update(CurrentUser.Of(context), id, request, RequestLanguage.Of(context), ct));
}
