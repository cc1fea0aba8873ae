using System.Buffers.Binary;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// Reads whole PDUs off a stream, however the bytes are split across TCP segments, and refuses
/// lengths a verification never needs so a hostile peer cannot make us allocate gigabytes.
/// </summary>
internal static class DicomPduReader
{
    /// <summary>Far above anything an association answer or a C-ECHO response needs.</summary>
    public const int MaxPduLength = 1024 * 1024;

    /// <exception cref="DicomProtocolException">Unknown PDU type or a length over <see cref="MaxPduLength"/>.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the connection mid-PDU or before it.</exception>
    public static async Task<DicomPdu> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[6];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var type = header[0];
        if (type is < (byte)DicomPduType.AssociateRequest or > (byte)DicomPduType.Abort)
        {
            throw new DicomProtocolException($"unknown PDU type 0x{type:X2}");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        if (length > MaxPduLength)
        {
            throw new DicomProtocolException($"PDU length {length} exceeds the limit of {MaxPduLength} bytes");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new DicomPdu(type, body);
    }
}
