using System.Diagnostics.CodeAnalysis;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// Encodes and decodes SNMPv2c messages (RFC 1901 message, RFC 3416 PDUs, RFC 2578 types) in BER.
/// Decoding is strict and never throws: a malformed or truncated datagram gives false and a reason.
/// </summary>
internal static class SnmpCodec
{
    private const byte Sequence = 0x30;

    public static byte[] Encode(SnmpMessage message)
    {
        var writer = new BerWriter();
        writer.WriteConstructed(Sequence, m =>
        {
            m.WriteInteger((byte)SnmpType.Integer, message.Version);
            m.WriteTlv((byte)SnmpType.OctetString, message.Community);
            m.WriteConstructed((byte)message.Pdu.Type, p =>
            {
                p.WriteInteger((byte)SnmpType.Integer, message.Pdu.RequestId);
                p.WriteInteger((byte)SnmpType.Integer, message.Pdu.ErrorStatus);
                p.WriteInteger((byte)SnmpType.Integer, message.Pdu.ErrorIndex);
                p.WriteConstructed(Sequence, list =>
                {
                    foreach (var varBind in message.Pdu.VarBinds)
                    {
                        list.WriteConstructed(Sequence, vb =>
                        {
                            vb.WriteOid(varBind.Oid);
                            WriteValue(vb, varBind.Value);
                        });
                    }
                });
            });
        });
        return writer.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SnmpMessage? message, [NotNullWhen(false)] out string? error)
    {
        try
        {
            message = Decode(datagram);
            error = null;
            return true;
        }
        catch (BerFormatException e)
        {
            message = null;
            error = e.Message;
            return false;
        }
    }

    private static SnmpMessage Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var body = new BerReader(outer.Read(Sequence, "message"));
        outer.ExpectEnd("the message");

        var version = body.ReadInt32("version");
        var community = body.Read((byte)SnmpType.OctetString, "community").ToArray();
        var pduContent = body.Read(out var pduTag);
        body.ExpectEnd("the PDU");
        if (pduTag is < (byte)SnmpPduType.GetRequest or > (byte)SnmpPduType.Report || pduTag == 0xA4)
        {
            throw new BerFormatException($"tag 0x{pduTag:X2} is not an SNMPv2 PDU");
        }

        var pdu = new BerReader(pduContent);
        var requestId = pdu.ReadInt32("request-id");
        var errorStatus = pdu.ReadInt32("error-status");
        var errorIndex = pdu.ReadInt32("error-index");
        var list = new BerReader(pdu.Read(Sequence, "variable-bindings"));
        pdu.ExpectEnd("the variable-bindings");

        var varBinds = new List<SnmpVarBind>();
        while (!list.IsEmpty)
        {
            var varBind = new BerReader(list.Read(Sequence, "varbind"));
            var oid = BerReader.DecodeOid(varBind.Read((byte)SnmpType.ObjectIdentifier, "varbind name"), "varbind name");
            var valueContent = varBind.Read(out var valueTag);
            varBind.ExpectEnd("a varbind value");
            varBinds.Add(new SnmpVarBind(oid, DecodeValue(valueTag, valueContent, oid)));
        }

        return new SnmpMessage(version, community, new SnmpPdu((SnmpPduType)pduTag, requestId, errorStatus, errorIndex, varBinds));
    }

    private static SnmpValue DecodeValue(byte tag, ReadOnlySpan<byte> content, SnmpOid name)
    {
        var what = "value of " + name;
        switch ((SnmpType)tag)
        {
            case SnmpType.Integer:
                return SnmpValue.FromDecodedInteger(BerReader.DecodeSigned(content, what));
            case SnmpType.OctetString:
                return SnmpValue.FromOctets(content.ToArray());
            case SnmpType.Opaque:
                return SnmpValue.FromOpaque(content.ToArray());
            case SnmpType.ObjectIdentifier:
                return SnmpValue.FromOid(BerReader.DecodeOid(content, what));
            case SnmpType.IpAddress:
                return content.Length == 4
                    ? SnmpValue.FromIpAddressBytes(content.ToArray())
                    : throw new BerFormatException($"{what}: an IpAddress has 4 bytes, not {content.Length}");
            case SnmpType.Counter32:
                return SnmpValue.FromCounter32((uint)BerReader.DecodeUnsigned(content, 32, what));
            case SnmpType.Gauge32:
                return SnmpValue.FromGauge32((uint)BerReader.DecodeUnsigned(content, 32, what));
            case SnmpType.TimeTicks:
                return SnmpValue.FromTimeTicks((uint)BerReader.DecodeUnsigned(content, 32, what));
            case SnmpType.Counter64:
                return SnmpValue.FromCounter64(BerReader.DecodeUnsigned(content, 64, what));
            case SnmpType.Null:
            case SnmpType.NoSuchObject:
            case SnmpType.NoSuchInstance:
            case SnmpType.EndOfMibView:
                if (!content.IsEmpty)
                {
                    throw new BerFormatException($"{what}: tag 0x{tag:X2} must be empty but has {content.Length} bytes");
                }

                return (SnmpType)tag switch
                {
                    SnmpType.NoSuchObject => SnmpValue.NoSuchObject,
                    SnmpType.NoSuchInstance => SnmpValue.NoSuchInstance,
                    SnmpType.EndOfMibView => SnmpValue.EndOfMibView,
                    _ => SnmpValue.Null,
                };
            default:
                throw new BerFormatException($"{what}: tag 0x{tag:X2} is not an SNMP value type");
        }
    }

    private static void WriteValue(BerWriter writer, SnmpValue value)
    {
        var tag = (byte)value.Type;
        switch (value.Type)
        {
            case SnmpType.Integer:
                writer.WriteInteger(tag, value.Integer);
                break;
            case SnmpType.OctetString:
            case SnmpType.Opaque:
            case SnmpType.IpAddress:
                writer.WriteTlv(tag, value.Bytes);
                break;
            case SnmpType.ObjectIdentifier:
                writer.WriteOid(value.Oid!);
                break;
            case SnmpType.Counter32:
            case SnmpType.Gauge32:
            case SnmpType.TimeTicks:
            case SnmpType.Counter64:
                writer.WriteUnsigned(tag, value.Unsigned);
                break;
            default:
                writer.WriteTlv(tag, []);
                break;
        }
    }
}
