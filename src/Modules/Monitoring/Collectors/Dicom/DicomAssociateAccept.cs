using System.Buffers.Binary;
using System.Text;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>What an A-ASSOCIATE-AC (PS3.8 §9.3.3) told us: our presentation context's fate and who the peer is.</summary>
internal sealed record DicomAssociateAccept(
    byte PresentationContextResult,
    string? TransferSyntax,
    uint PeerMaxPduLength,
    string? PeerImplementationClassUid,
    string? PeerImplementationVersionName)
{
    public bool PresentationContextAccepted => PresentationContextResult == 0;

    /// <summary>Table 9-18.</summary>
    public string PresentationContextResultText => PresentationContextResult switch
    {
        0 => "acceptance",
        1 => "user rejection",
        2 => "no reason (provider rejection)",
        3 => "abstract syntax not supported (provider rejection)",
        4 => "transfer syntaxes not supported (provider rejection)",
        NotReturned => "presentation context missing from the answer",
        _ => $"reserved result {PresentationContextResult}",
    };

    /// <summary>Our own marker for an answer that did not mention our presentation context at all.</summary>
    public const byte NotReturned = 0xFF;

    /// <param name="body">The PDU after its 6-byte header.</param>
    /// <exception cref="DicomProtocolException">Truncated or inconsistent items.</exception>
    public static DicomAssociateAccept Parse(byte[] body)
    {
        const int fixedPart = 2 + 2 + 16 + 16 + 32;
        if (body.Length < fixedPart)
        {
            throw new DicomProtocolException($"A-ASSOCIATE-AC of {body.Length} bytes is shorter than its fixed part");
        }

        byte result = NotReturned;
        string? transferSyntax = null;
        uint maxPdu = 0;
        string? implementationClass = null;
        string? implementationVersion = null;
        foreach (var (type, value) in Items(body.AsSpan(fixedPart).ToArray()))
        {
            switch (type)
            {
                case 0x21:
                    if (value.Length < 4)
                    {
                        throw new DicomProtocolException("presentation context item shorter than 4 bytes");
                    }

                    if (value[0] != DicomPduWriter.PresentationContextId)
                    {
                        throw new DicomProtocolException($"answer for presentation context {value[0]}, which we never proposed");
                    }

                    result = value[2];
                    foreach (var (subType, subValue) in Items(value[4..]))
                    {
                        if (subType == 0x40)
                        {
                            transferSyntax = Uid(subValue);
                        }
                    }

                    break;
                case 0x50:
                    foreach (var (subType, subValue) in Items(value))
                    {
                        switch (subType)
                        {
                            case 0x51 when subValue.Length == 4:
                                maxPdu = BinaryPrimitives.ReadUInt32BigEndian(subValue);
                                break;
                            case 0x52:
                                implementationClass = Uid(subValue);
                                break;
                            case 0x55:
                                implementationVersion = Encoding.ASCII.GetString(subValue).Trim();
                                break;
                        }
                    }

                    break;
            }
        }

        if (result == 0 && transferSyntax != DicomUids.ImplicitVrLittleEndian)
        {
            throw new DicomProtocolException($"presentation context accepted with transfer syntax '{transferSyntax}', which we never proposed");
        }

        return new DicomAssociateAccept(result, transferSyntax, maxPdu, implementationClass, implementationVersion);
    }

    /// <summary>The type/length/value items of PS3.8 §9.3: 1 byte type, 1 reserved, 2 bytes big-endian length.</summary>
    private static List<(byte Type, byte[] Value)> Items(byte[] data)
    {
        var items = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < 4)
            {
                throw new DicomProtocolException("truncated item header");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset + 2));
            if (data.Length - offset - 4 < length)
            {
                throw new DicomProtocolException($"item 0x{data[offset]:X2} claims {length} bytes, only {data.Length - offset - 4} left");
            }

            items.Add((data[offset], data.AsSpan(offset + 4, length).ToArray()));
            offset += 4 + length;
        }

        return items;
    }

    private static string Uid(byte[] value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}
