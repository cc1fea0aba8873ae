using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// Everything one verification found out: how it ended, the DIMSE status, why the node refused
/// or aborted, and how long each phase took (a phase that was not reached has no latency).
/// <see cref="ToSamples"/> and <see cref="FailureOrNull"/> are independent, so a caller can record
/// the samples of a failed verification and still report the failure.
/// </summary>
internal sealed record DicomEchoResult
{
    public required DicomEchoOutcome Outcome { get; init; }

    /// <summary>The Status (0000,0900) of the C-ECHO-RSP; 0x0000 is success.</summary>
    public ushort? DimseStatus { get; init; }

    public bool AssociationAccepted { get; init; }

    public DicomAssociationRejection? Rejection { get; init; }

    public DicomAssociationAbort? Abort { get; init; }

    /// <summary>The association answer, when the node accepted (presentation context result, peer implementation).</summary>
    public DicomAssociateAccept? Accept { get; init; }

    /// <summary>Whether the association ended with A-RELEASE-RP; a node that skips it does not fail the check.</summary>
    public bool Released { get; init; }

    public TimeSpan? ConnectLatency { get; init; }

    public TimeSpan? AssociationLatency { get; init; }

    public TimeSpan? EchoRoundTrip { get; init; }

    public TimeSpan Total { get; init; }

    /// <summary>The error catalog code when <see cref="Outcome"/> is not <see cref="DicomEchoOutcome.Success"/>.</summary>
    public string? FailureCode { get; init; }

    public IReadOnlyList<(string Name, string Value)> FailureArgs { get; init; } = [];

    public void ToSamples(SampleBatch batch)
    {
        batch.Add("dicom_echo_success", Outcome == DicomEchoOutcome.Success);
        batch.Add("dicom_association_accepted", AssociationAccepted);
        if (DimseStatus is { } status)
        {
            batch.Add("dicom_echo_status", status);
        }

        AddDuration(batch, "connect", ConnectLatency);
        AddDuration(batch, "associate", AssociationLatency);
        AddDuration(batch, "echo", EchoRoundTrip);
        AddDuration(batch, "total", Total);
    }

    public CollectionFailure? FailureOrNull() =>
        FailureCode is null ? null : new CollectionFailure(FailureCode, [.. FailureArgs]);

    private static void AddDuration(SampleBatch batch, string phase, TimeSpan? duration)
    {
        if (duration is { } d)
        {
            batch.Add("dicom_echo_duration_seconds", d.TotalSeconds, new Label("phase", phase));
        }
    }
}
