using System.Collections.Concurrent;
using System.Security.Claims;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity.Sessions;

/// <summary>
/// What was read about each API token (its row, its owner and the owner's roles), kept while the identity generation
/// in the database stays the same. Every change to users, roles, role assignments or tokens moves that number (a
/// trigger), on whichever node it is made, so a revoked token or a disabled user is refused at the next request.
/// </summary>
internal sealed class TokenCheckCache(Databases databases) : IDisposable
{
    private const int MaxEntries = 10_000;

    private readonly PreparedRead _generation = new(databases.Config, "SELECT value FROM identity_generation WHERE id = 1");

    private readonly ConcurrentDictionary<string, TokenCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>The identity generation as the database has it now.</summary>
    public Task<long> GenerationAsync(CancellationToken ct) =>
        _generation.ReadAsync(rows => rows.Read() ? rows.GetInt64(0) : throw new InvalidOperationException("identity_generation has no row"), ct);

    public void Dispose() => _generation.Dispose();

    public bool TryGet(string tokenHash, long generation, out TokenCheck check) =>
        _checks.TryGetValue(tokenHash, out check!) && check.Generation == generation;

    public void Put(string tokenHash, TokenCheck check)
    {
        if (_checks.Count >= MaxEntries)
        {
            _checks.Clear();
        }

        _checks[tokenHash] = check;
    }
}

internal sealed record TokenRow(long Id, long UserId, string Scopes, long ExpiresAt, long? RevokedAt, long? LastUsedAt);

/// <summary>A token as read at <see cref="Generation"/>; <see cref="LastUsedAt"/> moves when this node touches it.</summary>
internal sealed class TokenCheck(long generation, TokenRow token, UserRow? user, IReadOnlyList<RoleGrant> grants)
{
    public long Generation => generation;

    public TokenRow Token => token;

    public UserRow? User => user;

    public IReadOnlyList<RoleGrant> Grants => grants;

    public long? LastUsedAt { get; set; } = token.LastUsedAt;

    /// <summary>Who the token signs in as, built at the first request that used this check.</summary>
    public SignedToken? Signed { get; set; }
}

/// <summary>The principal of a token (never changed once built, so requests share it) and what the request derives from it.</summary>
internal sealed record SignedToken(string? Restriction, ClaimsPrincipal Principal, CurrentUser User, AuthenticatedUser Authenticated);
