using System.Text;
using HospitalOps.Identity.TwoFactor;

namespace HospitalOps.Identity.Tests.TwoFactor;

public sealed class TotpAlgorithmTests
{
    private static readonly byte[] Rfc6238Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Code_Rfc6238Sha1Vectors_Match(long unixSeconds, string expected) =>
        Totp.Code(Rfc6238Secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8).ShouldBe(expected);

    [Fact]
    public void Verify_AcceptsAdjacentStepButNotTwoAway()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var previous = Totp.Code(Rfc6238Secret, now.AddSeconds(-30));
        var old = Totp.Code(Rfc6238Secret, now.AddSeconds(-90));
        Totp.Verify(Rfc6238Secret, previous, now).ShouldNotBeNull();
        Totp.Verify(Rfc6238Secret, old, now).ShouldBeNull();
        Totp.Verify(Rfc6238Secret, "12a456", now).ShouldBeNull();
    }

    [Fact]
    public void Base32_RoundTripsAndMatchesRfc4648()
    {
        Totp.ToBase32(Encoding.ASCII.GetBytes("foobar")).ShouldBe("MZXW6YTBOI");
        Encoding.ASCII.GetString(Totp.FromBase32("MZXW6YTBOI======")).ShouldBe("foobar");
        var random = Totp.NewSecret();
        Totp.FromBase32(Totp.ToBase32(random)).ShouldBe(random);
    }
}
