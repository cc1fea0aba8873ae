using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

public sealed class ScrapeErrorsTests
{
    [Fact]
    public void Register_EveryParseReason_HasItsOwnCodeWithChineseAndEnglishText()
    {
        ScrapeErrors.Register();
        var codes = new HashSet<string>();
        foreach (var reason in Enum.GetValues<ExpositionErrorReason>().Where(r => r != ExpositionErrorReason.None))
        {
            var code = ScrapeErrors.CodeOf(reason);
            code.ShouldStartWith("monitoring.scrape.parse.");
            codes.Add(code).ShouldBeTrue(code);
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            var args = new Dictionary<string, string> { ["line"] = "42" };
            var zh = ErrorCatalog.Message(code, "zh-CN", args);
            var en = ErrorCatalog.Message(code, "en", args);
            zh.ShouldNotBe(en);
            if (reason != ExpositionErrorReason.MissingEof)
            {
                zh.ShouldContain("第 42 行");
                en.ShouldContain("Line 42");
            }
        }
    }

    [Fact]
    public void Register_RelabelCodes_AreKnown()
    {
        ScrapeErrors.Register();
        foreach (var code in new[]
                 {
                     ScrapeErrors.RelabelUnknownAction, ScrapeErrors.RelabelInvalidRegex, ScrapeErrors.RelabelMissingTargetLabel,
                     ScrapeErrors.RelabelInvalidTargetLabel, ScrapeErrors.RelabelInvalidReplacement, ScrapeErrors.RelabelUnexpectedField,
                     ScrapeErrors.RelabelInvalidSourceLabel, ScrapeErrors.RelabelTimeout,
                 })
        {
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            ErrorCatalog.Message(code, "zh-CN").ShouldNotBe(ErrorCatalog.Message(code, "en"));
        }
    }
}
