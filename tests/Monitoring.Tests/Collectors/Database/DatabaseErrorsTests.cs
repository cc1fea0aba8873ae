using System.Reflection;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collectors.Database;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class DatabaseErrorsTests
{
    [Fact]
    public void Register_EveryCode_HasChineseAndEnglishWithTheReason()
    {
        DatabaseErrors.Register();
        var codes = typeof(DatabaseErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        codes.Count.ShouldBe(9);
        foreach (var code in codes)
        {
            code.ShouldStartWith("monitoring.db.");
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            var args = new Dictionary<string, string> { ["reason"] = "X-REASON" };
            ErrorCatalog.Message(code, "zh-CN", args).ShouldContain("X-REASON");
            ErrorCatalog.Message(code, "en", args).ShouldContain("X-REASON");
            ErrorCatalog.Message(code, "zh-CN", args).ShouldNotBe(ErrorCatalog.Message(code, "en", args));
        }
    }
}
