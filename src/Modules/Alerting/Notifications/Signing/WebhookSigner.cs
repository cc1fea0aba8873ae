using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Signing;

internal enum WebhookVerification
{
    Valid,

    /// <summary>A header is missing or not of the form the scheme sends.</summary>
    Malformed,

    /// <summary>The timestamp is further from the receiver's clock than the tolerance: possibly a replay.</summary>
    OutsideTolerance,

    SignatureMismatch,
}

/// <summary>
/// HospitalOps's own signature for generic webhooks: <c>X-HospitalOps-Timestamp</c> (Unix seconds) and
/// <c>X-HospitalOps-Signature: sha256=&lt;lowercase hex of HMAC-SHA256(key = secret, message = timestamp + "." + body bytes)&gt;</c>.
/// Receivers call <see cref="Verify"/> with the raw body bytes as they arrived.
/// </summary>
internal static class WebhookSigner
{
    public const string TimestampHeader = "X-HospitalOps-Timestamp";
    public const string SignatureHeader = "X-HospitalOps-Signature";

    private const string SchemePrefix = "sha256=";

    public static IReadOnlyDictionary<string, string> Headers(string secret, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var timestampSeconds = now.ToUnixTimeSeconds();
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [TimestampHeader] = timestampSeconds.ToString(CultureInfo.InvariantCulture),
            [SignatureHeader] = Signature(secret, timestampSeconds, body),
        };
    }

    /// <summary>The <see cref="SignatureHeader"/> value, <c>sha256=…</c>.</summary>
    public static string Signature(string secret, long timestampSeconds, ReadOnlySpan<byte> body) =>
        SchemePrefix + Convert.ToHexStringLower(Mac(secret, timestampSeconds, body));

    public static WebhookVerification Verify(
        string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestampSeconds)
            || signatureHeader is null
            || !signatureHeader.StartsWith(SchemePrefix, StringComparison.Ordinal))
        {
            return WebhookVerification.Malformed;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signatureHeader.AsSpan(SchemePrefix.Length));
        }
        catch (FormatException)
        {
            return WebhookVerification.Malformed;
        }

        // Future timestamps are refused too: one would keep a captured request replayable for longer than the tolerance.
        if (Math.Abs(now.ToUnixTimeSeconds() - timestampSeconds) > tolerance.TotalSeconds)
        {
            return WebhookVerification.OutsideTolerance;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestampSeconds, body), presented)
            ? WebhookVerification.Valid
            : WebhookVerification.SignatureMismatch;
    }

    private static byte[] Mac(string secret, long timestampSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestampSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
