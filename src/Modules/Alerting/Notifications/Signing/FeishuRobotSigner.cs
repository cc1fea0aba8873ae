using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Signing;

/// <summary>The two fields a signed Feishu robot message carries in its JSON body.</summary>
internal readonly record struct FeishuRobotSignature(string Timestamp, string Sign);

/// <summary>
/// Signs a Feishu (Lark) custom robot message: the body carries <c>timestamp</c> (Unix seconds, as a string) and
/// <c>sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty))</c>.
/// </summary>
internal static class FeishuRobotSigner
{
    public static FeishuRobotSignature Sign(string secret, DateTimeOffset now) => Sign(secret, now.ToUnixTimeSeconds());

    public static FeishuRobotSignature Sign(string secret, long timestampSeconds)
    {
        var timestamp = timestampSeconds.ToString(CultureInfo.InvariantCulture);
        // Key and message are swapped relative to DingTalk: the secret goes into the key and nothing is signed.
        var key = Encoding.UTF8.GetBytes(timestamp + "\n" + secret);
        return new FeishuRobotSignature(timestamp, Convert.ToBase64String(HMACSHA256.HashData(key, ReadOnlySpan<byte>.Empty)));
    }
}
