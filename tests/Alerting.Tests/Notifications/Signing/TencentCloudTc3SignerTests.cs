using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Tests.Notifications.Signing;

/// <summary>
/// Tencent Cloud's documented TC3-HMAC-SHA256 example ("签名方法 v3", https://cloud.tencent.com/document/product/215/36792):
/// CVM DescribeInstances in ap-guangzhou, SecretId AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE, SecretKey
/// Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, X-TC-Timestamp 1551113065, with the documented canonical request, string to
/// sign and signature 72e494ea…5168. Its timestamp is 2019-02-26 00:44 in Beijing, so it also pins the UTC date.
/// </summary>
public sealed class TencentCloudTc3SignerTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    private const long Timestamp = 1551113065;
    private const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";

    private const string DocumentedCanonicalRequest =
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
        + "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";

    private const string DocumentedStringToSign =
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";

    private const string DocumentedAuthorization =
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
        + "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

    private static readonly TencentCloudApi DescribeInstances = new("cvm.tencentcloudapi.com", "cvm", "DescribeInstances", "2017-03-12");

    [Fact]
    public void CanonicalRequest_IsTheDocumentedOne()
    {
        TencentCloudTc3Signer.CanonicalRequest("cvm.tencentcloudapi.com", Payload).ShouldBe(DocumentedCanonicalRequest);
    }

    [Fact]
    public void StringToSign_IsTheDocumentedOne()
    {
        TencentCloudTc3Signer.StringToSign(Timestamp, "cvm", DocumentedCanonicalRequest).ShouldBe(DocumentedStringToSign);
    }

    [Fact]
    public void Authorization_IsTheDocumentedOne()
    {
        TencentCloudTc3Signer.Authorization(DescribeInstances, Payload, SecretId, SecretKey, Timestamp).ShouldBe(DocumentedAuthorization);
    }

    [Fact]
    public void Headers_AreTheOnesInTheDocumentedRequest()
    {
        var headers = TencentCloudTc3Signer.Headers(DescribeInstances, Payload, SecretId, SecretKey, Timestamp, "ap-guangzhou");

        headers.ShouldBe(
            new Dictionary<string, string>
            {
                ["Authorization"] = DocumentedAuthorization,
                ["Content-Type"] = "application/json; charset=utf-8",
                ["Host"] = "cvm.tencentcloudapi.com",
                ["X-TC-Action"] = "DescribeInstances",
                ["X-TC-Timestamp"] = "1551113065",
                ["X-TC-Version"] = "2017-03-12",
                ["X-TC-Region"] = "ap-guangzhou",
            },
            ignoreOrder: true);
    }

    /// <summary>
    /// A SendSms body with raw UTF-8 Chinese, signed by hand following the same documented steps:
    /// <c>H=$(printf '%s' "$payload" | openssl dgst -sha256 -r)</c>, the canonical request's SHA-256 likewise, then
    /// <c>openssl dgst -sha256 -mac HMAC -macopt key:TC3$secretKey</c> over 2024-06-10, <c>-macopt hexkey:…</c> over
    /// "sms", "tc3_request" and the string to sign → fd33fa86…6afe.
    /// </summary>
    [Fact]
    public void SendSmsHeaders_SignForSmsSendSms20210111()
    {
        const string smsPayload =
            """{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400000000","SignName":"示例人民医院","TemplateId":"1234567","TemplateParamSet":["his-db-01","91%"]}""";

        var headers = TencentCloudTc3Signer.SendSmsHeaders(
            smsPayload, "AKIDHospitalOpsTest", "HospitalOpsTencentTestKey", DateTimeOffset.FromUnixTimeSeconds(1718000000), "ap-guangzhou");

        headers.ShouldBe(
            new Dictionary<string, string>
            {
                ["Authorization"] = "TC3-HMAC-SHA256 Credential=AKIDHospitalOpsTest/2024-06-10/sms/tc3_request, SignedHeaders=content-type;host, "
                    + "Signature=fd33fa8691d6184517b1d07cfe44711158d8cffb4a9d4b209153c35852936afe",
                ["Content-Type"] = "application/json; charset=utf-8",
                ["Host"] = "sms.tencentcloudapi.com",
                ["X-TC-Action"] = "SendSms",
                ["X-TC-Timestamp"] = "1718000000",
                ["X-TC-Version"] = "2021-01-11",
                ["X-TC-Region"] = "ap-guangzhou",
            },
            ignoreOrder: true);
    }
}
