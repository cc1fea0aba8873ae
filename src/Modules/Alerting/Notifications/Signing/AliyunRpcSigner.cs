using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Signing;

/// <summary>One Aliyun SMS: comma-separated <see cref="PhoneNumbers"/>, an approved signature and template, and the template's variables as JSON.</summary>
internal sealed record AliyunSmsMessage(string PhoneNumbers, string SignName, string TemplateCode, string TemplateParamJson, string RegionId = "cn-hangzhou");

/// <summary>
/// Aliyun's RPC-style request signature (SignatureVersion 1.0, HMAC-SHA1), used by SMS <c>SendSms</c> 2017-05-25 on
/// dysmsapi.aliyuncs.com. Parameters are sorted by name, names and values percent-encoded as UTF-8 (RFC 3986
/// unreserved characters kept, everything else <c>%XX</c>), joined into the canonical query, and the string to sign is
/// <c>GET&amp;%2F&amp;</c> + percentEncode(canonical query), signed with key = secret + "&amp;" and base64-encoded.
/// </summary>
internal static class AliyunRpcSigner
{
    public const string SmsEndpoint = "dysmsapi.aliyuncs.com";

    /// <summary>The query string (with <c>Signature</c>) for a GET to <see cref="SmsEndpoint"/> that sends <paramref name="message"/>.</summary>
    public static string SendSmsQuery(AliyunSmsMessage message, string accessKeyId, string accessKeySecret, DateTimeOffset timestamp, string signatureNonce)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = accessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["PhoneNumbers"] = message.PhoneNumbers,
            ["RegionId"] = message.RegionId,
            ["SignName"] = message.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = signatureNonce,
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = message.TemplateCode,
            ["TemplateParam"] = message.TemplateParamJson,
            ["Timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
        };
        return SignedQuery(parameters, accessKeySecret);
    }

    /// <summary>Any RPC call's parameters (all but <c>Signature</c>) as the canonical query followed by <c>&amp;Signature=…</c>.</summary>
    public static string SignedQuery(IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var canonicalQuery = CanonicalQuery(parameters);
        return canonicalQuery + "&Signature=" + PercentEncode(Signature(canonicalQuery, accessKeySecret));
    }

    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(parameter => parameter.Key, StringComparer.Ordinal)
            .Select(parameter => PercentEncode(parameter.Key) + "=" + PercentEncode(parameter.Value)));

    public static string StringToSign(string canonicalQuery) => "GET&%2F&" + PercentEncode(canonicalQuery);

    /// <summary>The base64 signature before it is percent-encoded into the query.</summary>
    public static string Signature(string canonicalQuery, string accessKeySecret)
    {
        var key = Encoding.UTF8.GetBytes(accessKeySecret + "&");
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(StringToSign(canonicalQuery))));
    }

    /// <summary>
    /// Aliyun's encoding, which differs from form encoding (<c>application/x-www-form-urlencoded</c>): space is
    /// <c>%20</c> not <c>+</c>, <c>*</c> is <c>%2A</c> and <c>~</c> stays as it is.
    /// </summary>
    public static string PercentEncode(string value)
    {
        var encoded = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (IsUnreserved(b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
