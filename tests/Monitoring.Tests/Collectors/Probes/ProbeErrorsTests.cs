using System.Reflection;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collectors.Probes;

namespace HospitalOps.Monitoring.Tests.Collectors.Probes;

public sealed class ProbeErrorsTests
{
    [Fact]
    public void Register_EveryCode_HasChineseAndEnglishText()
    {
        ProbeErrors.Register();
        var codes = typeof(ProbeErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        codes.Count.ShouldBeGreaterThan(10);
        foreach (var code in codes)
        {
            code.ShouldStartWith("monitoring.probe.");
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            ErrorCatalog.Message(code, "zh-CN").ShouldNotBe(ErrorCatalog.Message(code, "en"));
        }
    }

    [Fact]
    public void Message_HttpStatus_FillsPlaceholders()
    {
        ProbeErrors.Register();
        var args = new Dictionary<string, string> { ["target"] = "http://his/", ["status"] = "503", ["expected"] = "2xx" };

        ErrorCatalog.Message("monitoring.probe.http_status", "zh-CN", args).ShouldBe("http://his/ 返回状态码 503，期望 2xx。");
    }
}
