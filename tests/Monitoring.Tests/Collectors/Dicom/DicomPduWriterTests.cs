using System.Text;
using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

public sealed class DicomPduWriterTests
{
    [Fact]
    public void AssociateRequest_Header_IsTypeLengthVersionAndPaddedAeTitles()
    {
        var pdu = DicomPduWriter.AssociateRequest("PACS", "HOSPITALOPS");

        pdu[..10].ShouldBe(new byte[] { 0x01, 0x00, 0x00, 0x00, 0x00, 0xDC, 0x00, 0x01, 0x00, 0x00 });
        pdu.Length.ShouldBe(6 + 0xDC);
        Encoding.ASCII.GetString(pdu, 10, 16).ShouldBe("PACS            ");
        Encoding.ASCII.GetString(pdu, 26, 16).ShouldBe("HOSPITALOPS     ");
        pdu[42..74].ShouldBe(new byte[32]);
    }

    [Fact]
    public void AssociateRequest_Items_AreApplicationContextPresentationContextAndUserInformation()
    {
        var pdu = DicomPduWriter.AssociateRequest("PACS", "HOSPITALOPS");
        var items = pdu[74..];

        var expected = new List<byte>();
        expected.AddRange([0x10, 0x00, 0x00, 0x15]);
        expected.AddRange(Encoding.ASCII.GetBytes("1.2.840.10008.3.1.1.1"));
        expected.AddRange([0x20, 0x00, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x00]);
        expected.AddRange([0x30, 0x00, 0x00, 0x11]);
        expected.AddRange(Encoding.ASCII.GetBytes("1.2.840.10008.1.1"));
        expected.AddRange([0x40, 0x00, 0x00, 0x11]);
        expected.AddRange(Encoding.ASCII.GetBytes("1.2.840.10008.1.2"));
        expected.AddRange([0x50, 0x00, 0x00, 0x49]);
        expected.AddRange([0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00]);
        expected.AddRange([0x52, 0x00, 0x00, 0x2C]);
        expected.AddRange(Encoding.ASCII.GetBytes(DicomUids.ImplementationClass));
        expected.AddRange([0x55, 0x00, 0x00, 0x0D]);
        expected.AddRange(Encoding.ASCII.GetBytes("HOSPITALOPS_1"));
        items.ShouldBe(expected.ToArray());
    }

    [Fact]
    public void AssociateRequest_AeTitleWithSurroundingSpacesOrFullLength_IsTrimmedThenPadded()
    {
        var pdu = DicomPduWriter.AssociateRequest("  CT_SCANNER_01 ", "ABCDEFGHIJKLMNOP");

        Encoding.ASCII.GetString(pdu, 10, 16).ShouldBe("CT_SCANNER_01   ");
        Encoding.ASCII.GetString(pdu, 26, 16).ShouldBe("ABCDEFGHIJKLMNOP");
    }

    [Fact]
    public void CommandData_EchoRequest_IsOnePdvFlaggedCommandAndLast()
    {
        var command = DicomEchoCommand.Request(messageId: 1);

        var pdu = DicomPduWriter.CommandData(command);

        pdu[..12].ShouldBe(new byte[] { 0x04, 0x00, 0x00, 0x00, 0x00, 0x4A, 0x00, 0x00, 0x00, 0x46, 0x01, 0x03 });
        pdu[12..].ShouldBe(command);
    }

    [Fact]
    public void ReleaseRequestAndAbort_AreTenBytesWithReservedZeros()
    {
        DicomPduWriter.ReleaseRequest().ShouldBe(new byte[] { 0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0 });
        DicomPduWriter.Abort().ShouldBe(new byte[] { 0x07, 0, 0, 0, 0, 4, 0, 0, 0, 0 });
    }
}
