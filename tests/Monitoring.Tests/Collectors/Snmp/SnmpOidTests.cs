using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Snmp;

namespace Monitoring.Tests.Collectors.Snmp;

public sealed class SnmpOidTests
{
    [Theory]
    [InlineData("1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.5.0")]
    [InlineData(".1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.5.0")]
    [InlineData(" 1.3.6.1.4.1.8072 ", "1.3.6.1.4.1.8072")]
    [InlineData("0.0", "0.0")]
    [InlineData("2.999.4294967295", "2.999.4294967295")]
    public void TryParse_ValidText_GivesCanonicalOid(string text, string expected)
    {
        SnmpOid.TryParse(text, out var oid, out var reason).ShouldBeTrue(reason);
        oid.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1", "at least two arcs")]
    [InlineData("1..3", "not a number")]
    [InlineData("1.3.6.x", "not a number")]
    [InlineData("1.3.-6", "not a number")]
    [InlineData("3.1", "first arc")]
    [InlineData("1.40", "below 40")]
    [InlineData("1.3.4294967296", "above 4294967295")]
    [InlineData("iso.org.dod", "not a number")]
    public void TryParse_InvalidText_GivesReason(string text, string reasonPart)
    {
        SnmpOid.TryParse(text, out var oid, out var reason).ShouldBeFalse();
        oid.ShouldBeNull();
        reason.ShouldContain(reasonPart);
    }

    [Fact]
    public void TryParse_MoreThan128Arcs_IsRejected()
    {
        var text = "1.3" + string.Concat(Enumerable.Repeat(".1", 127));
        SnmpOid.TryParse(text, out _, out var reason).ShouldBeFalse();
        reason.ShouldContain("128");
    }

    [Fact]
    public void Parse_InvalidText_ThrowsInvalidOidFailure()
    {
        var failure = Should.Throw<CollectionFailure>(() => SnmpOid.Parse("1.3.six"));
        failure.Code.ShouldBe("monitoring.snmp.invalid_oid");
        failure.Args["oid"].ShouldBe("1.3.six");
    }

    [Fact]
    public void ParseAll_ValidList_DropsDuplicates()
    {
        SnmpOid.ParseAll(["1.3.6.1.2.1.1.3.0", ".1.3.6.1.2.1.1.3.0", "1.3.6.1.4.1.2021.10.1.3.1"]).Select(o => o.ToString())
            .ShouldBe(["1.3.6.1.2.1.1.3.0", "1.3.6.1.4.1.2021.10.1.3.1"]);
    }

    [Fact]
    public void ParseAll_OneInvalid_FailsNamingIt()
    {
        var failure = Should.Throw<CollectionFailure>(() => SnmpOid.ParseAll(["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.3.0.", "x"]));
        failure.Code.ShouldBe("monitoring.snmp.invalid_oid");
        failure.Args["oid"].ShouldBe("1.3.6.1.2.1.1.3.0.");
    }

    [Fact]
    public void CompareTo_ArcsNumerically_NotAsText()
    {
        var list = new[] { "1.3.6.1.10", "1.3.6.1.9", "1.3.6.1", "1.3.6.1.9.1" }.Select(SnmpOid.Parse).ToList();
        list.Sort();
        list.Select(o => o.ToString()).ShouldBe(["1.3.6.1", "1.3.6.1.9", "1.3.6.1.9.1", "1.3.6.1.10"]);
    }

    [Fact]
    public void IsBelow_SubtreeAndSibling_AreTold()
    {
        var table = SnmpOid.Parse("1.3.6.1.2.1.2.2");
        SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2.1").IsBelow(table).ShouldBeTrue();
        SnmpOid.Parse("1.3.6.1.2.1.2.2").IsBelow(table).ShouldBeFalse();
        SnmpOid.Parse("1.3.6.1.2.1.2.3.1").IsBelow(table).ShouldBeFalse();
        SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2.7").SuffixAfter(SnmpOid.Parse("1.3.6.1.2.1.2.2.1.2")).ToArray().ShouldBe([7u]);
    }
}
