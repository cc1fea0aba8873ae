namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>The peer sent something that is not valid DICOM upper layer / DIMSE; the message says what (English).</summary>
internal sealed class DicomProtocolException(string message) : Exception(message);
