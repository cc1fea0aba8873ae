using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Tests.Notifications.Signing;

public sealed class AliyunRpcSignerTests
{
    /// <summary>
    /// Aliyun's documented RPC signature example: DescribeRegions with AccessKeyId "testid", AccessKeySecret
    /// "testsecret", signature CT9X0VtwR86fNWSnsc6v8YGOjuE= ("API 签名机制(示例)", https://developer.aliyun.com/ask/210168;
    /// the same signature is quoted on https://www.alibabacloud.com/help/doc-detail/131955.html). The page prints the
    /// separators inside the encoded query as "&amp;"; the documented signature is the one of "%26", which is what
    /// percent-encoding the canonical query gives (checked with
    /// <c>printf '%s' "$stringToSign" | openssl dgst -sha1 -hmac 'testsecret&amp;' -binary | base64</c>).
    /// </summary>
    [Fact]
    public void DocumentedDescribeRegionsExample_GivesTheDocumentedStringToSignAndSignature()
    {
        var parameters = new Dictionary<string, string>
        {
            ["TimeStamp"] = "2016-02-23T12:46:24Z",
            ["Format"] = "XML",
            ["AccessKeyId"] = "testid",
            ["Action"] = "DescribeRegions",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            ["Version"] = "2014-05-26",
            ["SignatureVersion"] = "1.0",
        };
        var canonicalQuery = AliyunRpcSigner.CanonicalQuery(parameters);

        AliyunRpcSigner.StringToSign(canonicalQuery).ShouldBe(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
            + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
            + "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        AliyunRpcSigner.Signature(canonicalQuery, "testsecret").ShouldBe("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
        AliyunRpcSigner.SignedQuery(parameters, "testsecret").ShouldEndWith("&Signature=CT9X0VtwR86fNWSnsc6v8YGOjuE%3D");
    }

    /// <summary>
    /// Aliyun SMS's documented SendSms example (the SMS "签名机制" page, https://help.aliyun.com/document_detail/56189.html,
    /// as reproduced at https://developer.aliyun.com/ask/278546): AccessKeyId "testId", secret "testSecret", SignName
    /// "阿里云短信测试专用", documented sorted query and signature zJDF+Lrzhj/ThnlvIToysFRq6t4=. Re-checked with
    /// <c>printf '%s' "$stringToSign" | openssl dgst -sha1 -hmac 'testSecret&amp;' -binary | base64</c>.
    /// </summary>
    [Fact]
    public void DocumentedSendSmsExample_EncodesChineseAsUtf8AndGivesTheDocumentedSignature()
    {
        var parameters = new Dictionary<string, string>
        {
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466",
            ["AccessKeyId"] = "testId",
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = "2017-07-12T02:42:19Z",
            ["Format"] = "XML",
            ["Action"] = "SendSms",
            ["Version"] = "2017-05-25",
            ["RegionId"] = "cn-hangzhou",
            ["PhoneNumbers"] = "15300000001",
            ["SignName"] = "阿里云短信测试专用",
            ["TemplateParam"] = "{\"customer\":\"test\"}",
            ["TemplateCode"] = "SMS_71390007",
            ["OutId"] = "123",
        };
        var canonicalQuery = AliyunRpcSigner.CanonicalQuery(parameters);

        canonicalQuery.ShouldBe(
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou"
            + "&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8"
            + "&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0"
            + "&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z"
            + "&Version=2017-05-25");
        AliyunRpcSigner.Signature(canonicalQuery, "testSecret").ShouldBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    /// <summary>
    /// Expected query built outside this code: each name and value encoded with Python's
    /// <c>urllib.parse.quote(v, safe="")</c> (RFC 3986, keeps only A-Z a-z 0-9 - _ . ~), sorted, joined, then
    /// <c>printf 'GET&amp;%%2F&amp;%s' "$(quote "$query")" | openssl dgst -sha1 -hmac 'hospitalops-aliyun-test-secret&amp;' -binary | base64</c>
    /// → W/A2rvS+SJwun5IOvSE6uRrb8sQ=.
    /// </summary>
    [Fact]
    public void SendSmsQuery_CarriesTheSendSmsParametersInOrderAndTheirSignature()
    {
        var message = new AliyunSmsMessage(
            PhoneNumbers: "13800138000",
            SignName: "示例人民医院",
            TemplateCode: "SMS_123456789",
            TemplateParamJson: "{\"ci\":\"his-db-01\",\"alert\":\"/u01 已用 91% (*~)\"}");

        var query = AliyunRpcSigner.SendSmsQuery(
            message, "LTAI5tHospitalOpsTest", "hospitalops-aliyun-test-secret",
            new DateTimeOffset(2024, 6, 10, 14, 13, 20, TimeSpan.FromHours(8)), "3f8e1c2a-7b4d-4e9f-a1c6-0d2b5e8f9a31");

        query.ShouldBe(
            "AccessKeyId=LTAI5tHospitalOpsTest&Action=SendSms&Format=JSON&PhoneNumbers=13800138000&RegionId=cn-hangzhou"
            + "&SignName=%E7%A4%BA%E4%BE%8B%E4%BA%BA%E6%B0%91%E5%8C%BB%E9%99%A2&SignatureMethod=HMAC-SHA1"
            + "&SignatureNonce=3f8e1c2a-7b4d-4e9f-a1c6-0d2b5e8f9a31&SignatureVersion=1.0&TemplateCode=SMS_123456789"
            + "&TemplateParam=%7B%22ci%22%3A%22his-db-01%22%2C%22alert%22%3A%22%2Fu01%20%E5%B7%B2%E7%94%A8%2091%25%20%28%2A~%29%22%7D"
            + "&Timestamp=2024-06-10T06%3A13%3A20Z&Version=2017-05-25"
            + "&Signature=W%2FA2rvS%2BSJwun5IOvSE6uRrb8sQ%3D");
    }

    // Aliyun's rule: form encoding, then '+' → %20, '*' → %2A, %7E → '~'.
    [Theory]
    [InlineData("*", "%2A")]
    [InlineData("~", "~")]
    [InlineData(" ", "%20")]
    [InlineData("/", "%2F")]
    [InlineData("+", "%2B")]
    [InlineData("AZaz09-_.", "AZaz09-_.")]
    [InlineData("阿", "%E9%98%BF")]
    public void PercentEncode_FollowsAliyunsRules(string value, string expected)
    {
        AliyunRpcSigner.PercentEncode(value).ShouldBe(expected);
    }
}
