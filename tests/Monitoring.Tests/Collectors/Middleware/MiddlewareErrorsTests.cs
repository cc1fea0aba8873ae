using System.Reflection;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collectors.Middleware;

namespace HospitalOps.Monitoring.Tests.Collectors.Middleware;

public sealed class MiddlewareErrorsTests
{
    [Fact]
    public void Register_EveryCode_HasChineseAndEnglishText()
    {
        MiddlewareErrors.Register();
        var codes = typeof(MiddlewareErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        codes.Count.ShouldBe(6);
        foreach (var code in codes)
        {
            code.ShouldStartWith("monitoring.middleware.");
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            ErrorCatalog.Message(code, "zh-CN").ShouldNotBe(ErrorCatalog.Message(code, "en"));
        }
    }
}
