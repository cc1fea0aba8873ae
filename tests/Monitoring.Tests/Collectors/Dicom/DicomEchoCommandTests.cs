using System.Text;
using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

public sealed class DicomEchoCommandTests
{
    [Fact]
    public void Request_IsImplicitVrLittleEndianCommandSetWithGroupLength()
    {
        var command = DicomEchoCommand.Request(messageId: 0x1234);

        var expected = new List<byte>();
        expected.AddRange([0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00]);
        expected.AddRange([0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00]);
        expected.AddRange(Encoding.ASCII.GetBytes("1.2.840.10008.1.1"));
        expected.Add(0x00);
        expected.AddRange([0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00]);
        expected.AddRange([0x00, 0x00, 0x10, 0x01, 0x02, 0x00, 0x00, 0x00, 0x34, 0x12]);
        expected.AddRange([0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01]);
        command.ShouldBe(expected.ToArray());
    }

    [Fact]
    public void ParseResponse_EchoResponse_ReturnsMessageIdAndStatus()
    {
        var (respondedTo, status) = DicomEchoCommand.ParseResponse(FakeDicomPeer.EchoResponseCommand(0x0211, respondedTo: 7));

        respondedTo.ShouldBe((ushort)7);
        status.ShouldBe((ushort)0x0211);
    }

    [Fact]
    public void ParseResponse_EchoRequestInsteadOfResponse_Throws()
    {
        var exception = Should.Throw<DicomProtocolException>(() => DicomEchoCommand.ParseResponse(DicomEchoCommand.Request(1)));

        exception.Message.ShouldBe("expected C-ECHO-RSP (0x8030), got command field 0x0030");
    }

    [Fact]
    public void ParseResponse_ElementLongerThanCommand_Throws()
    {
        var command = FakeDicomPeer.EchoResponseCommand(0);
        command[^6] = 0xFF; // the status element now claims 255 bytes

        Should.Throw<DicomProtocolException>(() => DicomEchoCommand.ParseResponse(command)).Message.ShouldContain("claims 255 bytes");
    }
}
