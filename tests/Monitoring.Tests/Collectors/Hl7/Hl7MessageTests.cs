using HospitalOps.Monitoring.Collectors.Hl7;

namespace HospitalOps.Monitoring.Tests.Collectors.Hl7;

public sealed class Hl7MessageTests
{
    [Fact]
    public void Field_Msh_NumbersFieldsAsTheStandardDoes()
    {
        var message = Hl7Message.TryParse("MSH|^~\\&|APP|FAC|||20260101||ACK^N01|C1|P|2.4\rMSA|AA|C1\r", out _)!;

        message.Field("MSH", 1).ShouldBe("|");
        message.Field("MSH", 2).ShouldBe("^~\\&");
        message.Field("MSH", 3).ShouldBe("APP");
        message.Field("MSH", 10).ShouldBe("C1");
        message.Component("MSH", 9, 2).ShouldBe("N01");
        message.Field("MSA", 2).ShouldBe("C1");
        message.Field("MSA", 9).ShouldBe("");
        message.Field("PID", 1).ShouldBe("");
    }

    [Fact]
    public void TryParse_LineFeedsAndByteOrderMark_AreTolerated()
    {
        var message = Hl7Message.TryParse("\uFEFFMSH|^~\\&|APP\r\nMSA|AA|X\n", out _)!;

        message.SegmentNames.ShouldBe(["MSH", "MSA"]);
    }

    [Fact]
    public void TryParse_NoMsh_GivesAReason()
    {
        Hl7Message.TryParse("MSA|AA|1", out var problem).ShouldBeNull();

        problem!.ShouldContain("does not start with an MSH segment");
    }

    [Fact]
    public void Text_EscapeSequences_AreDecoded()
    {
        var message = Hl7Message.TryParse("MSH|^~\\&|A\rMSA|AE|1|a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f~second\r", out _)!;

        message.Text("MSA", 3).ShouldBe("a|b^c&d~e\\f");
    }

    [Fact]
    public void Parse_V24ErrSegment_TakesTheErrorText()
    {
        var ack = Hl7Acknowledgement.Parse("MSH|^~\\&|A\rMSA|AR|C9\rERR|PID^1^3^103&Table value not found&HL70357\r");

        ack.Code.ShouldBe("AR");
        ack.ControlId.ShouldBe("C9");
        ack.Explanation.ShouldBe("Table value not found");
    }

    [Fact]
    public void EscapeField_Separators_AreEscapedButComponentsKept()
    {
        Hl7Delimiters.Standard.EscapeField("A|B~C\\D^E\r").ShouldBe("A\\F\\B\\R\\C\\E\\D^E");
    }
}
