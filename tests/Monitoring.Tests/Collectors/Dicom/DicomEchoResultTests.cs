using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

public sealed class DicomEchoResultTests
{
    [Fact]
    public void ToSamples_Success_HasSuccessStatusAcceptedAndFourDurations()
    {
        var result = new DicomEchoResult
        {
            Outcome = DicomEchoOutcome.Success,
            DimseStatus = 0,
            AssociationAccepted = true,
            ConnectLatency = TimeSpan.FromMilliseconds(2),
            AssociationLatency = TimeSpan.FromMilliseconds(5),
            EchoRoundTrip = TimeSpan.FromMilliseconds(3),
            Total = TimeSpan.FromMilliseconds(12),
        };
        var batch = new SampleBatch();

        result.ToSamples(batch);

        batch.Samples.Select(s => (s.Metric, Phase: (string?)s.Labels.SingleOrDefault().Value, s.Value)).ShouldBe(
        [
            ("dicom_echo_success", null, 1),
            ("dicom_association_accepted", null, 1),
            ("dicom_echo_status", null, 0),
            ("dicom_echo_duration_seconds", "connect", 0.002),
            ("dicom_echo_duration_seconds", "associate", 0.005),
            ("dicom_echo_duration_seconds", "echo", 0.003),
            ("dicom_echo_duration_seconds", "total", 0.012),
        ]);
        result.FailureOrNull().ShouldBeNull();
    }

    [Fact]
    public void ToSamplesAndFailureOrNull_Rejected_GiveZerosOnlyReachedPhasesAndTheFailure()
    {
        var result = new DicomEchoResult
        {
            Outcome = DicomEchoOutcome.Rejected,
            Rejection = new DicomAssociationRejection(1, 1, 7),
            ConnectLatency = TimeSpan.FromMilliseconds(1),
            AssociationLatency = TimeSpan.FromMilliseconds(4),
            Total = TimeSpan.FromMilliseconds(5),
            FailureCode = DicomErrors.Rejected,
            FailureArgs = [("reason", "called AE title not recognized")],
        };
        var batch = new SampleBatch();

        result.ToSamples(batch);

        batch.Samples.Single(s => s.Metric == "dicom_echo_success").Value.ShouldBe(0);
        batch.Samples.Single(s => s.Metric == "dicom_association_accepted").Value.ShouldBe(0);
        batch.Samples.ShouldNotContain(s => s.Metric == "dicom_echo_status");
        batch.Samples.Where(s => s.Metric == "dicom_echo_duration_seconds").Select(s => s.Labels[0].Value).ShouldBe(["connect", "associate", "total"]);
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.rejected");
        failure.Args["reason"].ShouldBe("called AE title not recognized");
    }

    [Theory]
    [InlineData(1, 1, 1, "no reason given")]
    [InlineData(1, 1, 2, "application context name not supported")]
    [InlineData(1, 1, 3, "calling AE title not recognized")]
    [InlineData(1, 1, 7, "called AE title not recognized")]
    [InlineData(1, 2, 2, "protocol version not supported")]
    [InlineData(2, 3, 1, "temporary congestion")]
    [InlineData(2, 3, 2, "local limit exceeded")]
    [InlineData(1, 1, 5, "reserved reason 5")]
    public void ReasonText_EachStandardReason_IsInWords(byte result, byte source, byte reason, string text) =>
        new DicomAssociationRejection(result, source, reason).ReasonText.ShouldBe(text);

    [Fact]
    public void Register_EveryCode_HasChineseAndEnglishWithTheSamePlaceholders()
    {
        DicomErrors.Register();
        var codes = typeof(DicomErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        codes.Count.ShouldBe(10);
        foreach (var code in codes)
        {
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
            var zh = ErrorCatalog.Message(code, "zh-CN");
            var en = ErrorCatalog.Message(code, "en");
            zh.ShouldNotBe(en);
            Placeholders(zh).ShouldBe(Placeholders(en), code);
        }
    }

    private static string[] Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{(\w+)\}").Select(m => m.Value).Order().ToArray();
}
