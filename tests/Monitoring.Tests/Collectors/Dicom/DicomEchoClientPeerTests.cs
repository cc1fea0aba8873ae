using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Dicom;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

/// <summary>Against Debian's dcmtk nodes started by scripts/dcmtk.sh (storescp, a refusing storescp, dcmqrscp).</summary>
public sealed class DicomEchoClientPeerTests
{
    private readonly DicomEchoClient _client = new();

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM")]
    public async Task EchoAsync_Storescp_SucceedsWithStatusZeroAndLatencies()
    {
        var result = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM"), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Success);
        result.DimseStatus.ShouldBe((ushort)0x0000);
        result.AssociationAccepted.ShouldBeTrue();
        result.Released.ShouldBeTrue();
        result.Accept.ShouldNotBeNull().PeerImplementationVersionName.ShouldNotBeNull().ShouldStartWith("OFFIS_DCMTK");
        result.ConnectLatency.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        result.AssociationLatency.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        result.EchoRoundTrip.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        result.Total.ShouldBeGreaterThanOrEqualTo(result.ConnectLatency.Value + result.AssociationLatency.Value + result.EchoRoundTrip.Value);
        result.FailureOrNull().ShouldBeNull();

        var batch = new SampleBatch();
        result.ToSamples(batch);
        batch.Samples.Single(s => s.Metric == "dicom_echo_success").Value.ShouldBe(1);
        batch.Samples.Single(s => s.Metric == "dicom_echo_status").Value.ShouldBe(0);
        batch.Samples.Count(s => s.Metric == "dicom_echo_duration_seconds").ShouldBe(4);
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM")]
    public async Task EchoAsync_StorescpTwiceInARow_SucceedsBothTimes()
    {
        var first = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM"), default);
        var second = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM"), default);

        (first.Outcome, second.Outcome).ShouldBe((DicomEchoOutcome.Success, DicomEchoOutcome.Success));
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM_STRICT")]
    public async Task EchoAsync_WrongCalledAeTitle_RejectedAsCalledAeTitleNotRecognized()
    {
        var result = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM_STRICT") with { CalledAeTitle = "NOT_THE_PACS" }, default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Rejected);
        result.AssociationAccepted.ShouldBeFalse();
        result.Rejection.ShouldBe(new DicomAssociationRejection(Result: 1, Source: 1, Reason: 7));
        result.AssociationLatency.ShouldNotBeNull();
        result.EchoRoundTrip.ShouldBeNull();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.rejected");
        failure.Args["reason"].ShouldBe("called AE title not recognized");
        failure.Args["result"].ShouldBe("rejected permanent");
        failure.Args["source"].ShouldBe("service user");
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM_STRICT")]
    public async Task EchoAsync_RightCalledAeTitleOnStrictNode_Succeeds()
    {
        var result = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM_STRICT"), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Success);
        result.DimseStatus.ShouldBe((ushort)0);
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM_REFUSING")]
    public async Task EchoAsync_RefusingStorescp_RejectedWithNoReasonGiven()
    {
        var result = await _client.EchoAsync(Target("HOSPITALOPS_TEST_DICOM_REFUSING"), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Rejected);
        result.Rejection.ShouldBe(new DicomAssociationRejection(Result: 1, Source: 1, Reason: 1));
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.rejected");
        failure.Args["reason"].ShouldBe("no reason given");
    }

    /// <summary>HOST:PORT:AETITLE from the variable scripts/dcmtk.sh exported.</summary>
    private static DicomEchoRequest Target(string variable)
    {
        var parts = Environment.GetEnvironmentVariable(variable)!.Split(':');
        return new DicomEchoRequest(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], TimeSpan.FromSeconds(10));
    }
}
