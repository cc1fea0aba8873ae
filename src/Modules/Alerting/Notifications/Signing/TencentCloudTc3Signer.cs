using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Signing;

/// <summary>Which Tencent Cloud API 3.0 action a request calls: its host, service name (in the credential scope), action and version.</summary>
internal sealed record TencentCloudApi(string Host, string Service, string Action, string Version)
{
    public static TencentCloudApi SendSms { get; } = new("sms.tencentcloudapi.com", "sms", "SendSms", "2021-01-11");
}

/// <summary>
/// Tencent Cloud API 3.0 "signature v3" (TC3-HMAC-SHA256) for a JSON POST: canonical request → string to sign →
/// signing key derived from "TC3" + secret key through the date, the service and "tc3_request" → the
/// <c>Authorization</c> header, sent with the X-TC-* headers that name the action.
/// </summary>
internal static class TencentCloudTc3Signer
{
    public const string Algorithm = "TC3-HMAC-SHA256";

    // Signed as well as sent: a client that appends or drops the charset would send a request the server refuses.
    public const string ContentType = "application/json; charset=utf-8";

    private const string SignedHeaders = "content-type;host";

    public static IReadOnlyDictionary<string, string> SendSmsHeaders(string payloadJson, string secretId, string secretKey, DateTimeOffset timestamp, string region) =>
        Headers(TencentCloudApi.SendSms, payloadJson, secretId, secretKey, timestamp.ToUnixTimeSeconds(), region);

    /// <summary>Every header the POST of <paramref name="payloadJson"/> to <c>https://{api.Host}/</c> needs, <c>Authorization</c> included.</summary>
    public static IReadOnlyDictionary<string, string> Headers(TencentCloudApi api, string payloadJson, string secretId, string secretKey, long timestampSeconds, string region) =>
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Authorization"] = Authorization(api, payloadJson, secretId, secretKey, timestampSeconds),
            ["Content-Type"] = ContentType,
            ["Host"] = api.Host,
            ["X-TC-Action"] = api.Action,
            ["X-TC-Timestamp"] = timestampSeconds.ToString(CultureInfo.InvariantCulture),
            ["X-TC-Version"] = api.Version,
            ["X-TC-Region"] = region,
        };

    public static string Authorization(TencentCloudApi api, string payloadJson, string secretId, string secretKey, long timestampSeconds)
    {
        var stringToSign = StringToSign(timestampSeconds, api.Service, CanonicalRequest(api.Host, payloadJson));
        var signature = Signature(secretKey, UtcDate(timestampSeconds), api.Service, stringToSign);
        return $"{Algorithm} Credential={secretId}/{CredentialScope(timestampSeconds, api.Service)}, SignedHeaders={SignedHeaders}, Signature={signature}";
    }

    /// <summary>POST, URI "/", no query, the two signed headers (lowercase, sorted), and the payload's SHA-256.</summary>
    public static string CanonicalRequest(string host, string payloadJson) =>
        $"POST\n/\n\ncontent-type:{ContentType}\nhost:{host.ToLowerInvariant()}\n\n{SignedHeaders}\n{Sha256Hex(payloadJson)}";

    public static string StringToSign(long timestampSeconds, string service, string canonicalRequest) =>
        $"{Algorithm}\n{timestampSeconds.ToString(CultureInfo.InvariantCulture)}\n{CredentialScope(timestampSeconds, service)}\n{Sha256Hex(canonicalRequest)}";

    public static string Signature(string secretKey, string date, string service, string stringToSign)
    {
        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date);
        var secretService = Hmac(secretDate, service);
        var secretSigning = Hmac(secretService, "tc3_request");
        return Convert.ToHexStringLower(Hmac(secretSigning, stringToSign));
    }

    private static string CredentialScope(long timestampSeconds, string service) => $"{UtcDate(timestampSeconds)}/{service}/tc3_request";

    // The scope's date must be the UTC day of X-TC-Timestamp; a Beijing-time date fails every request between 00:00 and 08:00.
    private static string UtcDate(long timestampSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(timestampSeconds).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
