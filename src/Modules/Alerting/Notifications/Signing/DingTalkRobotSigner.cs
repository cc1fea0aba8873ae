using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Signing;

/// <summary>
/// Signs a DingTalk group robot's webhook URL (the robot's "加签" security setting): the URL, which already carries
/// <c>access_token</c>, gets <c>timestamp</c> (Unix milliseconds) and
/// <c>sign = urlencode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)))</c>.
/// </summary>
internal static class DingTalkRobotSigner
{
    public static string SignedUrl(string robotUrl, string secret, DateTimeOffset now) =>
        SignedUrl(robotUrl, secret, now.ToUnixTimeMilliseconds());

    public static string SignedUrl(string robotUrl, string secret, long timestampMilliseconds)
    {
        var separator = robotUrl.Contains('?') ? '&' : '?';
        var timestamp = timestampMilliseconds.ToString(CultureInfo.InvariantCulture);
        return $"{robotUrl}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(secret, timestampMilliseconds))}";
    }

    /// <summary>The base64 signature before it is URL-encoded.</summary>
    public static string Sign(string secret, long timestampMilliseconds)
    {
        var message = timestampMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }
}
