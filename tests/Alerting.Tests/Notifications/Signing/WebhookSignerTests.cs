using System.Text;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Tests.Notifications.Signing;

public sealed class WebhookSignerTests
{
    private const string Secret = "hospitalops-webhook-secret";
    private const long Timestamp = 1718000000;

    // printf '%s.%s' 1718000000 "$body" | openssl dgst -sha256 -hmac "$secret"
    private const string ExpectedSignature = "sha256=ea9551443a5cc33f8f173bf8a7b8154ba8898ae8392b52b490d6a303ec48c786";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"alert":"磁盘使用率 91%","ci":"his-db-01"}""");
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Signature_IsLowercaseHexHmacSha256OverTimestampDotBody()
    {
        WebhookSigner.Signature(Secret, Timestamp, Body).ShouldBe(ExpectedSignature);
    }

    [Fact]
    public void Headers_CarryTheTimestampInSecondsAndTheSignature()
    {
        var headers = WebhookSigner.Headers(Secret, Body, DateTimeOffset.FromUnixTimeMilliseconds(1718000000500));

        headers.ShouldBe(
            new Dictionary<string, string>
            {
                ["X-HospitalOps-Timestamp"] = "1718000000",
                ["X-HospitalOps-Signature"] = ExpectedSignature,
            },
            ignoreOrder: true);
    }

    [Fact]
    public void Verify_AcceptsAFreshCorrectRequest()
    {
        Verify(Secret, "1718000000", ExpectedSignature, Body, secondsLater: 30).ShouldBe(WebhookVerification.Valid);
    }

    [Fact]
    public void Verify_RejectsATamperedBody()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"alert":"磁盘使用率 19%","ci":"his-db-01"}""");

        Verify(Secret, "1718000000", ExpectedSignature, tampered, secondsLater: 30).ShouldBe(WebhookVerification.SignatureMismatch);
    }

    [Fact]
    public void Verify_RejectsAWrongSecret()
    {
        Verify("another-secret", "1718000000", ExpectedSignature, Body, secondsLater: 30).ShouldBe(WebhookVerification.SignatureMismatch);
    }

    [Fact]
    public void Verify_RejectsAChangedTimestamp_BecauseTheSignatureCoversIt()
    {
        Verify(Secret, "1718000001", ExpectedSignature, Body, secondsLater: 30).ShouldBe(WebhookVerification.SignatureMismatch);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Verify_RejectsATimestampOutsideTheTolerance_EvenWithACorrectSignature(int secondsLater)
    {
        Verify(Secret, "1718000000", ExpectedSignature, Body, secondsLater).ShouldBe(WebhookVerification.OutsideTolerance);
    }

    [Theory]
    [InlineData(null, ExpectedSignature)]
    [InlineData("1718000000", null)]
    [InlineData("-1718000000", ExpectedSignature)]
    [InlineData("1718000000", "ea9551443a5cc33f8f173bf8a7b8154ba8898ae8392b52b490d6a303ec48c786")]
    [InlineData("1718000000", "sha256=not-hex")]
    public void Verify_RejectsMalformedHeaders(string? timestampHeader, string? signatureHeader)
    {
        Verify(Secret, timestampHeader, signatureHeader, Body, secondsLater: 0).ShouldBe(WebhookVerification.Malformed);
    }

    private static WebhookVerification Verify(string secret, string? timestampHeader, string? signatureHeader, byte[] body, int secondsLater) =>
        WebhookSigner.Verify(secret, timestampHeader, signatureHeader, body, DateTimeOffset.FromUnixTimeSeconds(Timestamp + secondsLater), Tolerance);
}
