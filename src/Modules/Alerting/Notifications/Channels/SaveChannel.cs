using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Channels;

/// <summary>
/// Creates, changes and deletes notification channels. Secrets are encrypted at rest and never returned; addresses are
/// checked against <see cref="AlertingOptions.NotificationHosts"/> when the hospital restricts where the server may call.
/// </summary>
internal sealed partial class SaveChannel(Databases databases, TimeProvider clock, ISecretProtector secrets, IAuditTrail audit, AlertingOptions options)
{
    internal static async Task<IResult> CreateEndpoint(SaveChannelRequest request, SaveChannel save, CancellationToken ct)
    {
        var channel = await save.SaveAsync(null, request, ct);
        return Results.Created($"/api/v1/alerting/channels/{channel.Id}", channel);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveChannelRequest request, SaveChannel save, CancellationToken ct) =>
        Results.Ok(await save.SaveAsync(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveChannel save, CancellationToken ct)
    {
        await save.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    public async Task<ChannelDto> SaveAsync(long? id, SaveChannelRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        ChannelRow? existing = null;
        if (id is { } channelId)
        {
            existing = await FindAsync(connection, channelId, tx) ?? throw AppProblem.NotFound();
            AppProblem.EnsureVersion(request.Version, existing.Version);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? existing?.Name ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var type = ChannelType.Find(request.Type ?? existing?.Type);
        if (type is null)
        {
            throw AppProblem.Invalid("type", request.Type is null ? "required" : "invalid_value");
        }

        if (existing is not null && existing.Type != type.Code)
        {
            errors["type"] = "invalid_value";
        }

        var language = request.Language ?? existing?.Language ?? "zh-CN";
        if (language is not ("zh-CN" or "en-US"))
        {
            errors["language"] = "invalid_value";
        }

        var rate = request.RatePerMinute ?? existing?.RatePerMinute ?? type.DefaultRatePerMinute;
        if (rate is < 1 or > 600)
        {
            errors["ratePerMinute"] = "invalid_value";
        }

        var storedSecrets = existing?.Secrets(secrets) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in request.Secrets ?? new Dictionary<string, string?>())
        {
            if (!type.SecretFields.Contains(field))
            {
                errors["secrets." + field] = "unknown_secret_field";
            }
            else if (string.IsNullOrEmpty(value))
            {
                storedSecrets.Remove(field);
            }
            else if (value.Length > 4000)
            {
                errors["secrets." + field] = "too_long";
            }
            else
            {
                storedSecrets[field] = value;
            }
        }

        var settings = Normalize(request.Settings ?? existing?.SettingsValue ?? new ChannelSettings(), type);
        Check(type, settings, storedSecrets, options, errors);
        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        await Data.UniqueName.EnsureFreeAsync(connection, tx, "notification_channels", name, id, ct);

        var now = UnixMs.Now(clock);
        var args = new
        {
            name,
            type = type.Code,
            language,
            settings = JsonSerializer.Serialize(settings, ChannelRow.Json),
            secret = storedSecrets.Count == 0 ? null : secrets.Protect(JsonSerializer.Serialize(storedSecrets)),
            rate,
            enabled = request.Enabled ?? existing?.Enabled ?? true,
            now,
            id = id ?? 0,
        };
        if (existing is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO notification_channels (name, type, language, settings, secret, rate_per_minute, enabled, created_at, updated_at, version)
                VALUES (@name, @type, @language, @settings, @secret, @rate, @enabled, @now, @now, 1) RETURNING id
                """,
                args, tx, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE notification_channels SET name = @name, language = @language, settings = @settings, secret = @secret, rate_per_minute = @rate,
                  enabled = @enabled, updated_at = @now, version = version + 1
                WHERE id = @id
                """,
                args, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(
            new AuditEntry(existing is null ? "alerting.channel.create" : "alerting.channel.update", "notification_channel", id!.Value.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, name),
            connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id.Value, null))!.ToDto(secrets);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        var routes = await connection.QueryAsync<string>(new CommandDefinition("SELECT channels FROM notification_routes", transaction: tx, cancellationToken: ct));
        if (routes.Any(r => Routing.NotificationRoute.ChannelIds(r).Contains(id)))
        {
            throw AppProblem.Conflict("in_use");
        }

        // Messages still waiting for this channel are dropped with it; those already sent stay in the delivery log.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notification_outbox WHERE channel_id = @id AND state <> 'sent'", new { id }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM notification_channels WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("alerting.channel.delete", "notification_channel", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<ChannelRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx) =>
        await connection.QuerySingleOrDefaultAsync<ChannelRow>($"SELECT {ChannelRow.Columns} FROM notification_channels WHERE id = @id", new { id }, tx);

    /// <summary>Keeps only the settings the type uses, trimmed, so a switch of type never leaves stale values behind.</summary>
    private static ChannelSettings Normalize(ChannelSettings s, ChannelType type)
    {
        static string? T(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        static IReadOnlyList<string>? L(IReadOnlyList<string>? v) =>
            v?.Select(x => x?.Trim() ?? string.Empty).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } list ? list : null;
        var normalized = type.Code switch
        {
            ChannelType.Email => new ChannelSettings
            {
                Host = T(s.Host), Port = s.Port, Security = T(s.Security)?.ToLowerInvariant(), Username = T(s.Username), From = T(s.From), To = L(s.To), CaCertificate = T(s.CaCertificate),
            },
            ChannelType.WeCom or ChannelType.DingTalk => new ChannelSettings { MessageType = T(s.MessageType) ?? "text", MentionMobiles = L(s.MentionMobiles) },
            ChannelType.Feishu => new ChannelSettings { MessageType = "text" },
            ChannelType.AliyunSms => new ChannelSettings
            {
                Endpoint = T(s.Endpoint), AccessKeyId = T(s.AccessKeyId), SignName = T(s.SignName), TemplateCode = T(s.TemplateCode), Region = T(s.Region) ?? "cn-hangzhou", Phones = L(s.Phones),
            },
            ChannelType.TencentSms => new ChannelSettings
            {
                Endpoint = T(s.Endpoint), SecretId = T(s.SecretId), SdkAppId = T(s.SdkAppId), SignName = T(s.SignName), TemplateId = T(s.TemplateId), Region = T(s.Region) ?? "ap-guangzhou", Phones = L(s.Phones),
            },
            _ => new ChannelSettings { Url = T(s.Url) },
        };
        // A P1 group is a robot's group or a webhook's receiver; e-mail and SMS have no group to gather in.
        var groups = s.P1Groups == true && type.Code is ChannelType.WeCom or ChannelType.DingTalk or ChannelType.Feishu or ChannelType.Webhook;
        return normalized with { TicketNotices = s.TicketNotices == true ? true : null, P1Groups = groups ? true : null };
    }

    private static void Check(ChannelType type, ChannelSettings s, Dictionary<string, string> secretValues, AlertingOptions options, Dictionary<string, string> errors)
    {
        var values = JsonSerializer.SerializeToElement(s, ChannelRow.Json);
        foreach (var field in type.RequiredSettings)
        {
            if (!values.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                errors["settings." + field] = "required";
            }
        }

        foreach (var field in type.RequiredSecrets)
        {
            if (!secretValues.ContainsKey(field))
            {
                errors["secrets." + field] = "required";
            }
        }

        foreach (var (field, value) in values.EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            if (value.ValueKind == JsonValueKind.String && field != "caCertificate" && value.GetString()!.Length > 500)
            {
                errors["settings." + field] = "too_long";
            }
        }

        switch (type.Code)
        {
            case ChannelType.Email:
                if (s.Port is { } port && port is < 1 or > 65535)
                {
                    errors["settings.port"] = "invalid_value";
                }

                if (s.Security is { } security && security is not ("starttls" or "ssl" or "none"))
                {
                    errors["settings.security"] = "invalid_value";
                }

                if (s.From is { } from && !Mailbox().IsMatch(from))
                {
                    errors["settings.from"] = "invalid_email";
                }

                CheckList(s.To, "settings.to", 50, Mailbox(), "invalid_email", errors);
                if (s.CaCertificate is { } pem && !IsCertificate(pem))
                {
                    errors["settings.caCertificate"] = "invalid_certificate";
                }

                if (s.Username is null && secretValues.ContainsKey("password"))
                {
                    errors["settings.username"] = "required";
                }

                break;
            case ChannelType.WeCom or ChannelType.DingTalk:
                if (s.MessageType is not ("text" or "markdown"))
                {
                    errors["settings.messageType"] = "invalid_value";
                }

                CheckList(s.MentionMobiles, "settings.mentionMobiles", 20, Phone(), "invalid_phone", errors);
                break;
            case ChannelType.AliyunSms or ChannelType.TencentSms:
                CheckList(s.Phones, "settings.phones", 50, Phone(), "invalid_phone", errors);
                break;
        }

        foreach (var address in NotificationHosts.Of(type, s, secretValues))
        {
            if (address.Host is not { } host)
            {
                errors[address.Field] = address.IsUrl ? "invalid_url" : "invalid_host";
            }
            else if (!NotificationHosts.Allowed(options, host))
            {
                errors[address.Field] = "host_not_allowed";
            }
        }
    }

    private static void CheckList(IReadOnlyList<string>? values, string field, int max, Regex pattern, string code, Dictionary<string, string> errors)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > max)
        {
            errors[field] = "too_many";
        }
        else if (values.FirstOrDefault(v => !pattern.IsMatch(v)) is not null)
        {
            errors[field] = code;
        }
    }

    private static bool IsCertificate(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[^@\s<>,;""]+@[^@\s<>,;""]+\.[^@\s<>,;""]+$")]
    internal static partial Regex Mailbox();

    [GeneratedRegex(@"^\+?[0-9]{6,15}$")]
    internal static partial Regex Phone();
}
