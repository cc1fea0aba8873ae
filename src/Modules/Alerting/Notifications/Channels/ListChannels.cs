using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Channels;

/// <summary>A channel type as the editor needs it: the settings and secrets it asks for, and its default rate.</summary>
public sealed record ChannelTypeDto(string Code, string NameZh, string NameEn, IReadOnlyList<string> RequiredSettings, IReadOnlyList<string> SecretFields, IReadOnlyList<string> RequiredSecrets, int DefaultRatePerMinute);

/// <summary>The channels with how they fared in the last day (sent, failed, waiting), and the channel types.</summary>
internal static class ListChannels
{
    public sealed record ChannelSummary(ChannelDto Channel, long SentLastDay, long FailedLastDay, long Waiting);

    internal static async Task<IResult> Endpoint(Databases databases, ISecretProtector secrets, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChannelRow>(new CommandDefinition($"SELECT {ChannelRow.Columns} FROM notification_channels ORDER BY name", cancellationToken: ct));
        var since = UnixMs.Now(clock) - 86_400_000;
        var attempts = (await connection.QueryAsync<(long Channel, string Outcome, long Count)>(new CommandDefinition(
            "SELECT channel_id, outcome, COUNT(*) FROM notification_attempts WHERE at > @since GROUP BY channel_id, outcome", new { since }, cancellationToken: ct)))
            .ToLookup(a => a.Channel);
        var waiting = (await connection.QueryAsync<(long Channel, long Count)>(new CommandDefinition(
            "SELECT channel_id, COUNT(*) FROM notification_outbox WHERE state = 'pending' GROUP BY channel_id", cancellationToken: ct))).ToDictionary(w => w.Channel, w => w.Count);
        return Results.Ok(rows.Select(r => new ChannelSummary(
            r.ToDto(secrets),
            attempts[r.Id].Where(a => a.Outcome == "sent").Sum(a => a.Count),
            attempts[r.Id].Where(a => a.Outcome != "sent").Sum(a => a.Count),
            waiting.GetValueOrDefault(r.Id))).ToList());
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, ISecretProtector secrets, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var row = await SaveChannel.FindAsync(connection, id, null) ?? throw AppProblem.NotFound();
        return Results.Ok(row.ToDto(secrets));
    }

    internal static IResult TypesEndpoint() =>
        Results.Ok(ChannelType.All.Select(t => new ChannelTypeDto(t.Code, t.NameZh, t.NameEn, t.RequiredSettings, t.SecretFields, t.RequiredSecrets, t.DefaultRatePerMinute)).ToList());
}
