using HospitalOps.Monitoring.Collectors.Ntp;

namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

public sealed class NtpPacketTests
{
    [Fact]
    public void ClientRequest_AnyTransmit_IsVersion4ClientModeWithOnlyTheTransmitTimestamp()
    {
        var request = NtpPacket.ClientRequest(new NtpTimestamp(0x0102030405060708));

        request.Length.ShouldBe(48);
        request[0].ShouldBe((byte)0x23);
        request.AsSpan(1, 39).ToArray().ShouldAllBe(b => b == 0);
        request.AsSpan(40).ToArray().ShouldBe(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
    }

    [Fact]
    public void TryParse_ShortDatagram_GivesAReason()
    {
        var packet = NtpPacket.TryParse(new byte[20], out var problem);

        packet.ShouldBeNull();
        problem!.ShouldContain("20 bytes");
    }

    [Fact]
    public void TryParse_ServerReply_ReadsEveryHeaderField()
    {
        var request = NtpPacket.ClientRequest(new NtpTimestamp(42));
        var reply = FakeNtpServer.Reply(request, stratum: 3, referenceId: 0x0A010203);

        var packet = NtpPacket.TryParse(reply, out _)!;

        packet.Version.ShouldBe(4);
        packet.Mode.ShouldBe(4);
        packet.Stratum.ShouldBe(3);
        packet.Poll.ShouldBe(6);
        packet.Precision.ShouldBe(-20);
        packet.RootDelaySeconds.ShouldBe(0.125);
        packet.RootDispersionSeconds.ShouldBe(0.0625);
        packet.OriginTime.Value.ShouldBe(42UL);
        packet.ReferenceIdText.ShouldBe("10.1.2.3");
    }

    [Fact]
    public void ReferenceIdText_Stratum1_IsTheSourceName()
    {
        var reply = FakeNtpServer.Reply(NtpPacket.ClientRequest(new NtpTimestamp(1)), stratum: 1, referenceId: FakeNtpServer.Ascii("GPS"));

        NtpPacket.TryParse(reply, out _)!.ReferenceIdText.ShouldBe("GPS");
    }
}
