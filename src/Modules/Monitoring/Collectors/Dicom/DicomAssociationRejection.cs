namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// The fields of an A-ASSOCIATE-RJ (PS3.8 §9.3.4, table 9-21): result (1 permanent, 2 transient),
/// source (1 service user, 2 service provider ACSE, 3 service provider presentation) and the
/// reason, whose meaning depends on the source.
/// </summary>
internal sealed record DicomAssociationRejection(byte Result, byte Source, byte Reason)
{
    public bool Permanent => Result == 1;

    public string ResultText => Result switch
    {
        1 => "rejected permanent",
        2 => "rejected transient",
        _ => $"unknown result {Result}",
    };

    public string SourceText => Source switch
    {
        1 => "service user",
        2 => "service provider (ACSE)",
        3 => "service provider (presentation)",
        _ => $"unknown source {Source}",
    };

    public string ReasonText => (Source, Reason) switch
    {
        (1, 1) => "no reason given",
        (1, 2) => "application context name not supported",
        (1, 3) => "calling AE title not recognized",
        (1, 7) => "called AE title not recognized",
        (2, 1) => "no reason given",
        (2, 2) => "protocol version not supported",
        (3, 1) => "temporary congestion",
        (3, 2) => "local limit exceeded",
        _ => $"reserved reason {Reason}",
    };
}
