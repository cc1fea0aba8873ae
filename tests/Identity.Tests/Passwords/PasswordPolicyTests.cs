using HospitalOps.Identity.Passwords;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.Options;

namespace HospitalOps.Identity.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    private static PasswordPolicy Policy(string mode = "default", ManualClock? clock = null) =>
        new(Options.Create(new IdentityOptions { Password = new PasswordPolicyOptions { Mode = mode } }), clock ?? new ManualClock());

    [Theory]
    [InlineData("Ab1#", "password_too_short")]
    [InlineData("abcdefgh12", "password_too_simple")]
    [InlineData("ABCDEFGH!!", "password_too_simple")]
    [InlineData("Zhangwei#2026", "password_contains_user_name")]
    public void Default_RejectsWeakPasswords(string password, string code)
    {
        var problem = Policy().Check(password, "zhangwei");
        problem.ShouldNotBeNull();
        problem.FieldErrors!.Values.ShouldContain(code);
    }

    [Theory]
    [InlineData("abcdef1!")]
    [InlineData("Abcdefg1")]
    [InlineData("Hospital#Ops")]
    public void Default_AcceptsThreeOfFourClasses(string password) => Policy().Check(password, "zhangwei").ShouldBeNull();

    [Fact]
    public void Asvs_DropsCompositionButNeedsTwelveCharacters()
    {
        Policy("asvs").Check("correct horse battery", "zhangwei").ShouldBeNull();
        Policy("asvs").Check("Short#1a", "zhangwei")!.FieldErrors!.Values.ShouldContain("password_too_short");
    }

    [Fact]
    public void Expiry_AfterNinetyDays_InDefaultModeOnly()
    {
        var clock = new ManualClock();
        var changed = clock.GetUtcNow().ToUnixTimeMilliseconds();
        clock.Advance(TimeSpan.FromDays(89));
        Policy(clock: clock).IsExpired(changed).ShouldBeFalse();
        clock.Advance(TimeSpan.FromDays(2));
        Policy(clock: clock).IsExpired(changed).ShouldBeTrue();
        Policy("asvs", clock).IsExpired(changed).ShouldBeFalse();
    }

    [Fact]
    public void Generated_PasswordsSatisfyEveryPolicy()
    {
        for (var i = 0; i < 50; i++)
        {
            var password = PasswordPolicy.Generate();
            Policy().Check(password, "admin").ShouldBeNull();
            Policy("asvs").Check(password, "admin").ShouldBeNull();
        }
    }
}
