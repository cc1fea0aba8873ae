using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Tests.Notifications.Signing;

public sealed class DingTalkRobotSignerTests
{
    private const string Secret = "SEC5d1c0e7b9a8f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8";
    private const long TimestampMilliseconds = 1718000000000;
    private const string RobotUrl = "https://oapi.dingtalk.com/robot/send?access_token=6c2f0b1d9e8a7c3b";

    // printf '%s\n%s' 1718000000000 "$secret" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    private const string ExpectedSign = "+OKiDr7eqYnU45R84/O5zqC/52/k31hoBPwhGW0DXAQ=";

    // jq -rn --arg v "$sign" '$v|@uri' (chosen timestamp puts '+', '/' and '=' in the base64)
    private const string ExpectedEncodedSign = "%2BOKiDr7eqYnU45R84%2FO5zqC%2F52%2Fk31hoBPwhGW0DXAQ%3D";

    [Fact]
    public void Sign_IsBase64OfHmacSha256KeyedWithTheSecretOverTimestampNewlineSecret()
    {
        DingTalkRobotSigner.Sign(Secret, TimestampMilliseconds).ShouldBe(ExpectedSign);
    }

    [Fact]
    public void SignedUrl_AppendsTimestampInMillisecondsAndTheUrlEncodedSign()
    {
        DingTalkRobotSigner.SignedUrl(RobotUrl, Secret, TimestampMilliseconds)
            .ShouldBe($"{RobotUrl}&timestamp=1718000000000&sign={ExpectedEncodedSign}");
    }

    [Fact]
    public void SignedUrl_TakesMillisecondsFromTheClock()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimestampMilliseconds);

        DingTalkRobotSigner.SignedUrl(RobotUrl, Secret, now)
            .ShouldBe($"{RobotUrl}&timestamp=1718000000000&sign={ExpectedEncodedSign}");
    }
}
