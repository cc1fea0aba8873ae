using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Sessions;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Account;

public sealed record ApiTokenDto(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked);

public sealed record CreateApiTokenRequest(string? Name, IReadOnlyList<string>? Scopes, int? ExpiresInDays);

public sealed record CreatedApiToken(ApiTokenDto Token, string Secret);

/// <summary>
/// Personal API tokens for integrations (Grafana, scripts): scoped to permissions the owner
/// holds, expiring, shown once and stored only as a SHA-256 hash.
/// </summary>
internal sealed class ApiTokens(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    private sealed record Row(long Id, string Name, string Prefix, string Scopes, long CreatedAt, long ExpiresAt, long? LastUsedAt, long? RevokedAt);

    public async Task<IReadOnlyList<ApiTokenDto>> List(CurrentUser caller, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            "SELECT id, name, prefix, scopes, created_at AS CreatedAt, expires_at AS ExpiresAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt FROM api_tokens WHERE user_id = @id ORDER BY id DESC",
            new { id = caller.UserId });
        return rows.Select(ToDto).ToList();
    }

    public async Task<CreatedApiToken> Create(CurrentUser caller, CreateApiTokenRequest request, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            throw AppProblem.Invalid("name", "required");
        }

        if (name.Length > 100)
        {
            throw AppProblem.Invalid("name", "too_long");
        }

        var scopes = (request.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !caller.Has(s)))
        {
            throw AppProblem.Invalid("scopes", "invalid_scope");
        }

        var days = request.ExpiresInDays ?? 90;
        if (days is < 1 or > 365)
        {
            throw AppProblem.Invalid("expiresInDays", "invalid_expiry");
        }

        var secret = SessionAuthentication.TokenPrefix + IdentityStore.RandomToken();
        var now = UnixMs.Now(clock);
        var row = new Row(0, name, secret[..12], IdentityStore.JoinPermissions(scopes), now, now + (days * 86_400_000L), null, null);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scopes, created_at, expires_at) VALUES (@userId, @Name, @hash, @Prefix, @Scopes, @CreatedAt, @ExpiresAt) RETURNING id",
            new { userId = caller.UserId, row.Name, hash = IdentityStore.Sha256(secret), row.Prefix, row.Scopes, row.CreatedAt, row.ExpiresAt }, tx);
        await audit.RecordAsync(new AuditEntry("token.create", "api_token", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"name={name} scopes={row.Scopes} days={days}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return new CreatedApiToken(ToDto(row with { Id = id }), secret);
    }

    public async Task Revoke(CurrentUser caller, long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        // Only the owner's own token matches; someone else's id reads as "not found", never as "forbidden".
        var changed = await connection.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND user_id = @userId AND revoked_at IS NULL",
            new { now = UnixMs.Now(clock), id, userId = caller.UserId }, tx);
        if (changed == 0)
        {
            throw AppProblem.NotFound();
        }

        await audit.RecordAsync(new AuditEntry("token.revoke", "api_token", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static ApiTokenDto ToDto(Row r) => new(r.Id, r.Name, r.Prefix, IdentityStore.SplitPermissions(r.Scopes).ToList(),
        UnixMs.ToTime(r.CreatedAt), UnixMs.ToTime(r.ExpiresAt), UnixMs.ToTime(r.LastUsedAt), r.RevokedAt is not null);

    internal static async Task<IResult> ListEndpoint(HttpContext context, ApiTokens tokens, CancellationToken ct) =>
        Results.Ok(await tokens.List(CurrentUser.Of(context), ct));

    internal static async Task<IResult> CreateEndpoint(HttpContext context, CreateApiTokenRequest request, ApiTokens tokens, CancellationToken ct) =>
        Results.Ok(await tokens.Create(CurrentUser.Of(context), request, ct));

    internal static async Task<IResult> RevokeEndpoint(HttpContext context, long id, ApiTokens tokens, CancellationToken ct)
    {
        await tokens.Revoke(CurrentUser.Of(context), id, ct);
        return Results.NoContent();
    }
}
