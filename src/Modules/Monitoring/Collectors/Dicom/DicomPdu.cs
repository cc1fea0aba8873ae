namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>One PDU as read from the wire: its type byte and the bytes after the 6-byte header.</summary>
internal readonly record struct DicomPdu(byte Type, byte[] Body)
{
    public bool Is(DicomPduType type) => Type == (byte)type;
}
