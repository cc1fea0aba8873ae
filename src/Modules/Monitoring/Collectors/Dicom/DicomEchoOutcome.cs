namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>How a verification ended.</summary>
internal enum DicomEchoOutcome
{
    /// <summary>Association accepted and C-ECHO answered with status 0x0000.</summary>
    Success,

    /// <summary>The node answered the association request with A-ASSOCIATE-RJ.</summary>
    Rejected,

    /// <summary>The node (or its network stack) sent A-ABORT.</summary>
    Aborted,

    /// <summary>Association accepted, but not for the Verification SOP class with Implicit VR Little Endian.</summary>
    PresentationContextRejected,

    /// <summary>Could not connect, the connection broke, the node broke the protocol, or C-ECHO returned an error status.</summary>
    Failed,

    /// <summary>The exchange did not finish within the timeout.</summary>
    Timeout,
}
