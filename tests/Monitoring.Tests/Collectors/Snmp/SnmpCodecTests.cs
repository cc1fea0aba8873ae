using System.Net;
using System.Text;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

public sealed class SnmpCodecTests
{
    private static SnmpMessage Response(params SnmpVarBind[] varBinds) =>
        new(SnmpMessage.VersionV2c, Encoding.ASCII.GetBytes("public"), new SnmpPdu(SnmpPduType.Response, 12345, 0, 0, varBinds));

    private static SnmpMessage RoundTrip(SnmpMessage message)
    {
        var bytes = SnmpCodec.Encode(message);
        SnmpCodec.TryDecode(bytes, out var decoded, out var error).ShouldBeTrue(error);
        return decoded;
    }

    [Fact]
    public void Encode_GetRequestForSysName_MatchesHandEncodedBytes()
    {
        var message = new SnmpMessage(SnmpMessage.VersionV2c, Encoding.ASCII.GetBytes("public"),
            new SnmpPdu(SnmpPduType.GetRequest, 1, 0, 0, [SnmpVarBind.Request(SnmpOid.Parse("1.3.6.1.2.1.1.5.0"))]));

        // X.690 by hand: SEQUENCE { INTEGER 1, OCTET STRING "public", GetRequest { 1, 0, 0, { { OID, NULL } } } }
        byte[] expected =
        [
            0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, (byte)'p', (byte)'u', (byte)'b', (byte)'l', (byte)'i', (byte)'c',
            0xA0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
            0x30, 0x0E, 0x30, 0x0C, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x05, 0x00,
        ];
        SnmpCodec.Encode(message).ShouldBe(expected);
    }

    [Fact]
    public void RoundTrip_EveryValueType_KeepsTypeAndValue()
    {
        var oid = (string s) => SnmpOid.Parse(s);
        var decoded = RoundTrip(Response(
            new SnmpVarBind(oid("1.3.6.1.1"), SnmpValue.FromInteger(42)),
            new SnmpVarBind(oid("1.3.6.1.2"), SnmpValue.FromString("核心交换机 core-sw1")),
            new SnmpVarBind(oid("1.3.6.1.3"), SnmpValue.Null),
            new SnmpVarBind(oid("1.3.6.1.4"), SnmpValue.FromOid(oid("1.3.6.1.4.1.8072.3.2.10"))),
            new SnmpVarBind(oid("1.3.6.1.5"), SnmpValue.FromIpAddress(IPAddress.Parse("10.20.30.40"))),
            new SnmpVarBind(oid("1.3.6.1.6"), SnmpValue.FromCounter32(uint.MaxValue)),
            new SnmpVarBind(oid("1.3.6.1.7"), SnmpValue.FromGauge32(1_000_000_000)),
            new SnmpVarBind(oid("1.3.6.1.8"), SnmpValue.FromTimeTicks(123_456)),
            new SnmpVarBind(oid("1.3.6.1.9"), SnmpValue.FromOpaque([0x9F, 0x78, 0x04, 0x42, 0x28, 0x00, 0x00])),
            new SnmpVarBind(oid("1.3.6.1.10"), SnmpValue.FromCounter64(ulong.MaxValue)),
            new SnmpVarBind(oid("1.3.6.1.11"), SnmpValue.NoSuchObject),
            new SnmpVarBind(oid("1.3.6.1.12"), SnmpValue.NoSuchInstance),
            new SnmpVarBind(oid("1.3.6.1.13"), SnmpValue.EndOfMibView)));

        var v = decoded.Pdu.VarBinds;
        decoded.Pdu.RequestId.ShouldBe(12345);
        Encoding.ASCII.GetString(decoded.Community).ShouldBe("public");
        v[0].Value.Integer.ShouldBe(42);
        v[1].Value.AsText().ShouldBe("核心交换机 core-sw1");
        v[2].Value.Type.ShouldBe(SnmpType.Null);
        v[3].Value.Oid!.ToString().ShouldBe("1.3.6.1.4.1.8072.3.2.10");
        v[4].Value.AsText().ShouldBe("10.20.30.40");
        (v[5].Value.Type, v[5].Value.Unsigned).ShouldBe((SnmpType.Counter32, (ulong)uint.MaxValue));
        (v[6].Value.Type, v[6].Value.Unsigned).ShouldBe((SnmpType.Gauge32, 1_000_000_000UL));
        (v[7].Value.Type, v[7].Value.Unsigned).ShouldBe((SnmpType.TimeTicks, 123_456UL));
        v[8].Value.Bytes.ShouldBe(new byte[] { 0x9F, 0x78, 0x04, 0x42, 0x28, 0x00, 0x00 });
        (v[9].Value.Type, v[9].Value.Unsigned).ShouldBe((SnmpType.Counter64, ulong.MaxValue));
        v[10].Value.Type.ShouldBe(SnmpType.NoSuchObject);
        v[11].Value.Type.ShouldBe(SnmpType.NoSuchInstance);
        v[12].Value.Type.ShouldBe(SnmpType.EndOfMibView);
        v.Select(b => b.Oid.ToString()).ShouldBe(Enumerable.Range(1, 13).Select(i => "1.3.6.1." + i));
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x00, 0x80 })]
    [InlineData(-1, new byte[] { 0xFF })]
    [InlineData(-128, new byte[] { 0x80 })]
    [InlineData(-129, new byte[] { 0xFF, 0x7F })]
    [InlineData(int.MinValue, new byte[] { 0x80, 0x00, 0x00, 0x00 })]
    [InlineData(int.MaxValue, new byte[] { 0x7F, 0xFF, 0xFF, 0xFF })]
    public void RoundTrip_Integer_MinimalTwosComplement(int value, byte[] content)
    {
        var bytes = SnmpCodec.Encode(Response(new SnmpVarBind(SnmpOid.Parse("1.3.6.1"), SnmpValue.FromInteger(value))));
        IndexOf(bytes, [0x02, (byte)content.Length, .. content]).ShouldBeGreaterThan(0);
        RoundTrip(Response(new SnmpVarBind(SnmpOid.Parse("1.3.6.1"), SnmpValue.FromInteger(value)))).Pdu.VarBinds[0].Value.Integer.ShouldBe(value);
    }

    [Fact]
    public void RoundTrip_NegativeRequestIdAndErrorFields_AreKept()
    {
        var message = new SnmpMessage(1, [], new SnmpPdu(SnmpPduType.Response, -5, 18, int.MaxValue, []));
        var decoded = RoundTrip(message);
        (decoded.Pdu.RequestId, decoded.Pdu.ErrorStatus, decoded.Pdu.ErrorIndex).ShouldBe((-5, 18, int.MaxValue));
        decoded.Community.ShouldBeEmpty();
    }

    [Fact]
    public void RoundTrip_Counter64Max_IsNineContentBytes()
    {
        var bytes = SnmpCodec.Encode(Response(new SnmpVarBind(SnmpOid.Parse("1.3.6.1"), SnmpValue.FromCounter64(ulong.MaxValue))));
        IndexOf(bytes, [0x46, 0x09, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("1.3.6.1.4.1.4294967295.0")]
    [InlineData("2.999.1")]
    [InlineData("2.4294967215.4294967295")]
    [InlineData("0.39.128.16383.16384.2097151.2097152.268435455.268435456")]
    public void RoundTrip_BigOidArcs_AreKept(string text)
    {
        var oid = SnmpOid.Parse(text);
        var decoded = RoundTrip(Response(new SnmpVarBind(oid, SnmpValue.FromOid(oid))));
        decoded.Pdu.VarBinds[0].Oid.ShouldBe(oid);
        decoded.Pdu.VarBinds[0].Value.Oid.ShouldBe(oid);
    }

    [Fact]
    public void Encode_ArcAbove2Pow28_UsesFiveBase128Bytes()
    {
        var bytes = SnmpCodec.Encode(Response(new SnmpVarBind(SnmpOid.Parse("1.3.4294967295"), SnmpValue.Null)));
        IndexOf(bytes, [0x06, 0x06, 0x2B, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F]).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void RoundTrip_LongCommunityAndManyVarBinds_UseLongFormLengths()
    {
        var varBinds = Enumerable.Range(0, 300).Select(i => new SnmpVarBind(SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2." + i), SnmpValue.FromString(new string('x', 100)))).ToArray();
        var message = Response(varBinds) with { Community = Encoding.ASCII.GetBytes(new string('c', 200)) };
        var decoded = RoundTrip(message);
        decoded.Pdu.VarBinds.Count.ShouldBe(300);
        decoded.Community.Length.ShouldBe(200);
    }

    [Fact]
    public void TryDecode_EveryTruncation_FailsWithReasonAndNeverThrows()
    {
        var bytes = SnmpCodec.Encode(Response(
            new SnmpVarBind(SnmpOid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.FromString("hops")),
            new SnmpVarBind(SnmpOid.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.FromCounter64(ulong.MaxValue))));
        for (var length = 0; length < bytes.Length; length++)
        {
            SnmpCodec.TryDecode(bytes.AsSpan(0, length), out var message, out var error).ShouldBeFalse($"prefix of {length} bytes");
            message.ShouldBeNull();
            error.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x01 }, "claims 2147483647 bytes")]
    [InlineData(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 }, "claims 4294967295 bytes")]
    [InlineData(new byte[] { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00 }, "length field of 5 bytes")]
    [InlineData(new byte[] { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00 }, "indefinite")]
    [InlineData(new byte[] { 0x1F, 0x81, 0x01, 0x00 }, "multi-byte form")]
    public void TryDecode_HostileOuterLength_FailsWithoutAllocating(byte[] datagram, string reasonPart)
    {
        SnmpCodec.TryDecode(datagram, out _, out var error).ShouldBeFalse();
        error.ShouldContain(reasonPart);
    }

    [Fact]
    public void TryDecode_InnerOctetStringClaiming2GB_Fails()
    {
        // A well-formed start whose community claims 2 GB: the reader checks the claim against the 3 bytes left.
        byte[] datagram = [0x30, 0x0C, 0x02, 0x01, 0x01, 0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x61, 0x62, 0x63];
        SnmpCodec.TryDecode(datagram, out _, out var error).ShouldBeFalse();
        error.ShouldContain("claims 2147483647 bytes");
    }

    public static TheoryData<string, byte[], string> MalformedValues => new()
    {
        { "NULL with content", [0x05, 0x01, 0x00], "must be empty" },
        { "noSuchObject with content", [0x80, 0x01, 0x00], "must be empty" },
        { "empty INTEGER", [0x02, 0x00], "at least one byte" },
        { "INTEGER of 9 bytes", [0x02, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9], "wider than 64 bits" },
        { "Counter32 of 5 significant bytes", [0x41, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00], "do not fit in 32 bits" },
        { "Counter64 of 9 significant bytes", [0x46, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0], "do not fit in 64 bits" },
        { "IpAddress of 3 bytes", [0x40, 0x03, 10, 0, 0], "4 bytes" },
        { "OID padded with 0x80", [0x06, 0x03, 0x2B, 0x80, 0x01], "padding" },
        { "OID ending mid-arc", [0x06, 0x02, 0x2B, 0x86], "ends inside" },
        { "OID arc above 32 bits", [0x06, 0x07, 0x2B, 0x90, 0x80, 0x80, 0x80, 0x80, 0x00], "larger than 32 bits" },
        { "unknown tag", [0x45, 0x00], "not an SNMP value type" },
        { "constructed OCTET STRING", [0x24, 0x00], "not an SNMP value type" },
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public void TryDecode_MalformedValue_FailsWithReason(string what, byte[] value, string reasonPart)
    {
        SnmpCodec.TryDecode(WrapValue(value), out _, out var error).ShouldBeFalse(what);
        error.ShouldContain(reasonPart);
    }

    [Fact]
    public void TryDecode_WellFormedValueWrapper_Succeeds()
    {
        // Guards the malformed-value cases: the same wrapper around a good value decodes.
        SnmpCodec.TryDecode(WrapValue([0x41, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]), out var message, out var error).ShouldBeTrue(error);
        message.Pdu.VarBinds[0].Value.Unsigned.ShouldBe(uint.MaxValue);
    }

    [Fact]
    public void TryDecode_TrailingBytesAfterMessage_Fails()
    {
        var bytes = SnmpCodec.Encode(Response());
        SnmpCodec.TryDecode([.. bytes, 0x00], out _, out var error).ShouldBeFalse();
        error.ShouldContain("unexpected bytes");
    }

    [Fact]
    public void TryDecode_RandomGarbage_NeverThrows()
    {
        var random = new Random(20261122);
        var good = SnmpCodec.Encode(Response(new SnmpVarBind(SnmpOid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.FromString("Linux"))));
        var decodedSome = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(0, 64)];
                random.NextBytes(data);
            }
            else
            {
                data = (byte[])good.Clone();
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            if (SnmpCodec.TryDecode(data, out _, out var error))
            {
                decodedSome++;
            }
            else
            {
                error.ShouldNotBeNullOrWhiteSpace();
            }
        }

        decodedSome.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void AsText_Gb18030Bytes_AreDecodedAsChinese()
    {
        // "核心机房" in GB18030 — not valid UTF-8, as some domestic switches store sysLocation.
        SnmpValue.FromOctets([0xBA, 0xCB, 0xD0, 0xC4, 0xBB, 0xFA, 0xB7, 0xBF]).AsText().ShouldBe("核心机房");
        SnmpValue.FromString("核心机房").AsText().ShouldBe("核心机房");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static byte[] WrapValue(byte[] value)
    {
        byte[] name = [0x06, 0x03, 0x2B, 0x06, 0x01];
        byte[] varBind = [0x30, (byte)(name.Length + value.Length), .. name, .. value];
        byte[] list = [0x30, (byte)varBind.Length, .. varBind];
        byte[] pdu = [0xA2, (byte)(9 + list.Length), 0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. list];
        byte[] body = [0x02, 0x01, 0x01, 0x04, 0x01, (byte)'p', .. pdu];
        return [0x30, (byte)body.Length, .. body];
    }
}
