using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using static HospitalOps.PromQL.Tests.QueryTestSupport;

namespace HospitalOps.PromQL.Tests;

/// <summary>Where Go (RE2 regexes, float formatting) and .NET differ, the engine must behave like Prometheus.</summary>
public sealed class GoCompatibilityTests
{
    [Fact]
    public void Go_named_groups_work_in_label_replace()
    {
        var source = Source(("up{instance=\"web-1:9100\"}", 10_000, [1]));
        var engine = new QueryEngine(new QueryOptions());

        var result = engine.Instant(source, "label_replace(up, \"host\", \"${h}\", \"instance\", \"(?P<h>[^:]+):.*\")", 0);

        result.Samples.Single().Labels.Get("host").ShouldBe("web-1");
    }

    [Fact]
    public void A_regex_matcher_must_match_the_whole_value_without_a_trailing_newline()
    {
        var matcher = new Matcher(HospitalOps.PromQL.Model.MatchType.Regex, "job", "api|web");

        matcher.Matches("api").ShouldBeTrue();
        matcher.Matches("api\n").ShouldBeFalse();
        matcher.Matches("apiserver").ShouldBeFalse();
        matcher.Matches(null).ShouldBeFalse();
        new Matcher(HospitalOps.PromQL.Model.MatchType.NotRegex, "job", "api|web").Matches(null).ShouldBeTrue();
    }

    [Fact]
    public void Count_values_writes_values_without_exponent()
    {
        var source = Source(("v{a=\"1\"}", 10_000, [1e21]), ("v{a=\"2\"}", 10_000, [0.5]));
        var engine = new QueryEngine(new QueryOptions());

        var result = engine.Instant(source, "count_values(\"value\", v)", 0);

        result.Samples.Select(s => s.Labels.Get("value")).Order().ShouldBe(["0.5", "1000000000000000000000"]);
    }

    [Theory]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(-2.5e22, "-25000000000000000000000")]
    [InlineData(123.25, "123.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Values_are_written_like_go_does_without_exponent(double value, string expected)
    {
        HospitalOps.PromQL.Functions.GoFloat.Format(value).ShouldBe(expected);
    }
}
