namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>The UIDs and names the verification client puts on the wire (PS3.6 Annex A, PS3.7 Annex A).</summary>
internal static class DicomUids
{
    public const string ApplicationContext = "1.2.840.10008.3.1.1.1";

    public const string VerificationSopClass = "1.2.840.10008.1.1";

    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";

    /// <summary>
    /// HospitalOps has no registered UID root, so it uses a UUID-derived UID (ISO/IEC 9834-8,
    /// PS3.5 Annex B.2): generated once, fixed forever.
    /// </summary>
    public const string ImplementationClass = "2.25.162169062548161278360449199712083224550";

    public const string ImplementationVersionName = "HOSPITALOPS_1";
}
