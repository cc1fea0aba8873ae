namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// The fields of an A-ABORT (PS3.8 §9.3.8, table 9-26): source (0 service user, 2 service
/// provider) and, for the provider, the reason.
/// </summary>
internal sealed record DicomAssociationAbort(byte Source, byte Reason)
{
    public string SourceText => Source switch
    {
        0 => "service user",
        2 => "service provider",
        _ => $"reserved source {Source}",
    };

    public string ReasonText => Source != 2
        ? "not specified"
        : Reason switch
        {
            0 => "reason not specified",
            1 => "unrecognized PDU",
            2 => "unexpected PDU",
            4 => "unrecognized PDU parameter",
            5 => "unexpected PDU parameter",
            6 => "invalid PDU parameter value",
            _ => $"reserved reason {Reason}",
        };
}
