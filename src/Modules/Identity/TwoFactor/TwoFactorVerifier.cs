using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity.TwoFactor;

/// <summary>Checks a login's second factor: a TOTP code not used before, or an unused recovery code.</summary>
internal sealed class TwoFactorVerifier(Databases databases, TimeProvider clock, ISecretProtector secrets)
{
    public async Task<bool> VerifyLoginAsync(UserRow user, string code, CancellationToken ct)
    {
        code = code.Trim();
        await using var connection = await databases.Config.OpenAsync(ct);
        if (code.Length == 6 && user.TotpSecret is not null)
        {
            var step = Totp.Verify(Totp.FromBase32(secrets.Unprotect(user.TotpSecret)), code, clock.GetUtcNow());
            if (step is null)
            {
                return false;
            }

            // A code is good once: the update only succeeds if this step is newer than the last one used.
            var updated = await connection.ExecuteAsync(
                "UPDATE users SET totp_last_step = @step WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step)",
                new { step, id = user.Id });
            return updated == 1;
        }

        var used = await connection.ExecuteAsync(
            "UPDATE recovery_codes SET used_at = @now WHERE user_id = @id AND code_hash = @hash AND used_at IS NULL",
            new { now = UnixMs.Now(clock), id = user.Id, hash = IdentityStore.Sha256(NormalizeRecoveryCode(code)) });
        return used == 1;
    }

    public static string NormalizeRecoveryCode(string code) => code.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
