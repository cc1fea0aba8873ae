using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using QRCoder;

namespace HospitalOps.Identity.TwoFactor;

public sealed record TotpEnrollment(string Secret, string OtpAuthUri, string QrSvg);

public sealed record ConfirmTotpRequest(string? Code);

public sealed record TotpEnabled(IReadOnlyList<string> RecoveryCodes);

public sealed record DisableTotpRequest(string? Password);

/// <summary>
/// Enrolment in two steps: a new secret is kept pending (encrypted) and shown as a QR code; it
/// becomes active only when the user proves the app produces its codes. Ten one-time recovery
/// codes are shown once.
/// </summary>
internal sealed class EnrollTotp(Databases databases, TimeProvider clock, ISecretProtector secrets, IAuditTrail audit, IOptions<IdentityOptions> options)
{
    public async Task<TotpEnrollment> Begin(CurrentUser caller, CancellationToken ct)
    {
        var secret = Totp.NewSecret();
        var base32 = Totp.ToBase32(secret);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync("UPDATE users SET totp_pending_secret = @s WHERE id = @id", new { s = secrets.Protect(base32), id = caller.UserId }, tx);
        await audit.RecordAsync(new AuditEntry("user.totp_begin", "user", Id(caller), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        var uri = Totp.OtpAuthUri(options.Value.TotpIssuer, caller.UserName, secret);
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new TotpEnrollment(base32, uri, svg);
    }

    public async Task<TotpEnabled> Confirm(CurrentUser caller, ConfirmTotpRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var user = await IdentityStore.UserByIdAsync(connection, caller.UserId) ?? throw AppProblem.NotFound();
        if (user.TotpPendingSecret is null)
        {
            throw new AppProblem(400, "totp_not_pending");
        }

        var secret = Totp.FromBase32(secrets.Unprotect(user.TotpPendingSecret));
        var step = Totp.Verify(secret, request.Code ?? string.Empty, clock.GetUtcNow());
        if (step is null)
        {
            throw AppProblem.Invalid("code", "invalid_totp_code");
        }

        var codes = Enumerable.Range(0, 10).Select(_ => RecoveryCode()).ToList();
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled = @yes, totp_last_step = @step, updated_at = @now, version = version + 1 WHERE id = @id",
            new { yes = true, step, now = UnixMs.Now(clock), id = user.Id }, tx);
        await connection.ExecuteAsync("DELETE FROM recovery_codes WHERE user_id = @id", new { id = user.Id }, tx);
        foreach (var code in codes)
        {
            await connection.ExecuteAsync("INSERT INTO recovery_codes (user_id, code_hash) VALUES (@id, @hash)",
                new { id = user.Id, hash = IdentityStore.Sha256(TwoFactorVerifier.NormalizeRecoveryCode(code)) }, tx);
        }

        await audit.RecordAsync(new AuditEntry("user.totp_enable", "user", Id(caller), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return new TotpEnabled(codes);
    }

    public async Task Disable(CurrentUser caller, DisableTotpRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var user = await IdentityStore.UserByIdAsync(connection, caller.UserId) ?? throw AppProblem.NotFound();
        if (user.Source == "local" && !PasswordHashing.Verify(user.PasswordHash, request.Password ?? string.Empty))
        {
            throw AppProblem.Invalid("password", "wrong_current_password");
        }

        if ((await IdentityStore.GrantsAsync(connection, user.Id)).Any(g => g.RequireTwoFactor))
        {
            throw new AppProblem(400, "totp_required_by_role");
        }

        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled = @no, updated_at = @now, version = version + 1 WHERE id = @id",
            new { no = false, now = UnixMs.Now(clock), id = user.Id }, tx);
        await connection.ExecuteAsync("DELETE FROM recovery_codes WHERE user_id = @id", new { id = user.Id }, tx);
        await audit.RecordAsync(new AuditEntry("user.totp_disable", "user", Id(caller), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static string Id(CurrentUser u) => u.UserId.ToString(CultureInfo.InvariantCulture);

    private static string RecoveryCode()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 10);
        return new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
    }

    internal static async Task<IResult> BeginEndpoint(HttpContext context, EnrollTotp handler, CancellationToken ct) =>
        Results.Ok(await handler.Begin(CurrentUser.Of(context), ct));

    internal static async Task<IResult> ConfirmEndpoint(HttpContext context, ConfirmTotpRequest request, EnrollTotp handler, CancellationToken ct) =>
        Results.Ok(await handler.Confirm(CurrentUser.Of(context), request, ct));

    internal static async Task<IResult> DisableEndpoint(HttpContext context, DisableTotpRequest request, EnrollTotp handler, CancellationToken ct)
    {
        await handler.Disable(CurrentUser.Of(context), request, ct);
        return Results.NoContent();
    }
}
