using System.Buffers.Binary;
using System.Text;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// The C-ECHO command sets (PS3.7 §9.3.5), always in Implicit VR Little Endian (PS3.7 §6.3.1):
/// each element is group, element (2 bytes each), value length (4 bytes), value.
/// </summary>
internal static class DicomEchoCommand
{
    public const ushort EchoRequestField = 0x0030;

    public const ushort EchoResponseField = 0x8030;

    /// <summary>"No data set follows".</summary>
    public const ushort NoDataSet = 0x0101;

    private const ushort TagGroupLength = 0x0000;
    private const ushort TagAffectedSopClassUid = 0x0002;
    private const ushort TagCommandField = 0x0100;
    private const ushort TagMessageId = 0x0110;
    private const ushort TagMessageIdBeingRespondedTo = 0x0120;
    private const ushort TagCommandDataSetType = 0x0800;
    private const ushort TagStatus = 0x0900;

    public static byte[] Request(ushort messageId)
    {
        var elements = new MemoryStream();
        WriteElement(elements, TagAffectedSopClassUid, UidValue(DicomUids.VerificationSopClass));
        WriteElement(elements, TagCommandField, UShort(EchoRequestField));
        WriteElement(elements, TagMessageId, UShort(messageId));
        WriteElement(elements, TagCommandDataSetType, UShort(NoDataSet));

        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)elements.Length);
        var command = new MemoryStream();
        WriteElement(command, TagGroupLength, groupLength);
        elements.WriteTo(command);
        return command.ToArray();
    }

    /// <exception cref="DicomProtocolException">Not a well-formed C-ECHO-RSP.</exception>
    public static (ushort MessageIdBeingRespondedTo, ushort Status) ParseResponse(ReadOnlySpan<byte> command)
    {
        ushort? field = null, respondedTo = null, status = null;
        var offset = 0;
        while (offset < command.Length)
        {
            if (command.Length - offset < 8)
            {
                throw new DicomProtocolException("truncated element in the command set");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(command[offset..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(command[(offset + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(command[(offset + 4)..]);
            offset += 8;
            if (group != 0x0000)
            {
                throw new DicomProtocolException($"element ({group:X4},{element:X4}) outside the command group");
            }

            if (length > (uint)(command.Length - offset))
            {
                throw new DicomProtocolException($"element (0000,{element:X4}) claims {length} bytes, only {command.Length - offset} left");
            }

            var value = command.Slice(offset, (int)length);
            offset += (int)length;
            switch (element)
            {
                case TagCommandField:
                    field = UShortValue(value, element);
                    break;
                case TagMessageIdBeingRespondedTo:
                    respondedTo = UShortValue(value, element);
                    break;
                case TagStatus:
                    status = UShortValue(value, element);
                    break;
            }
        }

        if (field != EchoResponseField)
        {
            throw new DicomProtocolException(field is null ? "command without Command Field" : $"expected C-ECHO-RSP (0x8030), got command field 0x{field:X4}");
        }

        if (status is null)
        {
            throw new DicomProtocolException("C-ECHO-RSP without Status");
        }

        return (respondedTo ?? 0, status.Value);
    }

    private static ushort UShortValue(ReadOnlySpan<byte> value, ushort element) =>
        value.Length == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(value)
            : throw new DicomProtocolException($"element (0000,{element:X4}) has {value.Length} bytes, expected 2");

    private static void WriteElement(MemoryStream target, ushort element, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        target.Write(header);
        target.Write(value);
    }

    private static byte[] UShort(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    // Values have even length; a UI value is padded with one NUL (PS3.5 §6.2).
    private static byte[] UidValue(string uid)
    {
        var bytes = Encoding.ASCII.GetBytes(uid);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];
    }
}
