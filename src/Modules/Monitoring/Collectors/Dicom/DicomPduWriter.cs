using System.Buffers.Binary;
using System.Text;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// Encodes the PDUs a verification SCU sends (PS3.8 §9.3). All PDU and item lengths are big
/// endian; the DIMSE command inside P-DATA-TF is little endian (see <see cref="DicomEchoCommand"/>).
/// </summary>
internal static class DicomPduWriter
{
    public const byte PresentationContextId = 1;

    /// <summary>The largest P-DATA-TF we accept; only sent to the peer, the reader has its own hard cap.</summary>
    public const uint MaxReceivePduLength = 16384;

    public static byte[] AssociateRequest(string calledAeTitle, string callingAeTitle)
    {
        var items = new MemoryStream();
        WriteItem(items, 0x10, Ascii(DicomUids.ApplicationContext));

        var presentationContext = new MemoryStream();
        presentationContext.Write([PresentationContextId, 0, 0, 0]);
        WriteItem(presentationContext, 0x30, Ascii(DicomUids.VerificationSopClass));
        WriteItem(presentationContext, 0x40, Ascii(DicomUids.ImplicitVrLittleEndian));
        WriteItem(items, 0x20, presentationContext.ToArray());

        var userInformation = new MemoryStream();
        var maxLength = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(maxLength, MaxReceivePduLength);
        WriteItem(userInformation, 0x51, maxLength);
        WriteItem(userInformation, 0x52, Ascii(DicomUids.ImplementationClass));
        WriteItem(userInformation, 0x55, Ascii(DicomUids.ImplementationVersionName));
        WriteItem(items, 0x50, userInformation.ToArray());

        var body = new MemoryStream();
        body.Write([0x00, 0x01, 0x00, 0x00]); // protocol version 1, reserved
        body.Write(DicomAeTitle.Encode(calledAeTitle));
        body.Write(DicomAeTitle.Encode(callingAeTitle));
        body.Write(new byte[32]);
        items.WriteTo(body);
        return Pdu(DicomPduType.AssociateRequest, body.ToArray());
    }

    /// <summary>A P-DATA-TF with the whole command in one PDV, flagged "command, last fragment".</summary>
    public static byte[] CommandData(byte[] command)
    {
        var body = new byte[4 + 2 + command.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(2 + command.Length));
        body[4] = PresentationContextId;
        body[5] = 0x03;
        command.CopyTo(body, 6);
        return Pdu(DicomPduType.DataTransfer, body);
    }

    public static byte[] ReleaseRequest() => Pdu(DicomPduType.ReleaseRequest, new byte[4]);

    /// <summary>A-ABORT from the service user (us), no reason.</summary>
    public static byte[] Abort() => Pdu(DicomPduType.Abort, new byte[4]);

    private static byte[] Pdu(DicomPduType type, byte[] body)
    {
        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.CopyTo(pdu, 6);
        return pdu;
    }

    private static void WriteItem(MemoryStream target, byte type, byte[] value)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = type;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)value.Length));
        target.Write(header);
        target.Write(value);
    }

    // UIDs in PDU items are not padded to even length (PS3.8 Annex F), unlike in the command set.
    private static byte[] Ascii(string value) => Encoding.ASCII.GetBytes(value);
}
