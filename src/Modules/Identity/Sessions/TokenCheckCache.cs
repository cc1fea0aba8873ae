using System.Collections.Concurrent;
using HospitalOps.Identity.Data;

namespace HospitalOps.Identity.Sessions;

/// <summary>
/// What was read about each API token (its row, its owner and the owner's roles), kept while the identity generation
/// in the database stays the same. Every change to users, roles, role assignments or tokens moves that number (a
/// trigger), on whichever node it is made, so a revoked token or a disabled user is refused at the next request.
/// </summary>
internal sealed class TokenCheckCache
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, TokenCheck> _checks = new(StringComparer.Ordinal);

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
}
