using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Tests.Notifications.Signing;

public sealed class FeishuRobotSignerTests
{
    private const string Secret = "7Hq2LmXv9PbK3wRt0YsNcE";

    // printf '' | openssl dgst -sha256 -hmac "$(printf '%s\n%s' 1718000000 "$secret")" -binary | base64
    private const string ExpectedSign = "9bNVaBk7+vNIq2wn2wN5E5I0C7tayf+sHTnc58mn/nQ=";

    [Fact]
    public void Sign_IsBase64OfHmacSha256KeyedWithTimestampNewlineSecretOverNothing()
    {
        FeishuRobotSigner.Sign(Secret, 1718000000).ShouldBe(new FeishuRobotSignature("1718000000", ExpectedSign));
    }

    [Fact]
    public void Sign_TakesWholeSecondsFromTheClock()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1718000000999);

        FeishuRobotSigner.Sign(Secret, now).ShouldBe(new FeishuRobotSignature("1718000000", ExpectedSign));
    }
}
