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

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.12)]
    [InlineData(-0.0012)]
    [InlineData(1536.0)]
    [InlineData(99.5)]
    [InlineData(1e-9)]
    [InlineData(1.5e-10)]
    [InlineData(1.23456789)]
    [InlineData(0.30000000000000004)]
    [InlineData(1125899906842624.0)]
    [InlineData(1e15)]
    [InlineData(1e21)]
    [InlineData(5e-324)]
    [InlineData(double.MaxValue)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Values_written_as_utf8_read_the_same_as_the_text_form(double value)
    {
        Utf8(value).ShouldBe(HospitalOps.PromQL.Functions.GoFloat.Format(value));
    }

    [Fact]
    public void Values_written_as_utf8_read_the_same_as_the_text_form_for_many_random_values()
    {
        var random = new Random(20261122);
        var bits = new byte[8];
        for (var i = 0; i < 300_000; i++)
        {
            double value;
            switch (i % 4)
            {
                case 0:
                    // Short decimals, the common sample: an integer with 0 to 12 decimals.
                    value = random.NextInt64(-10_000_000_000, 10_000_000_000) / Math.Pow(10, random.Next(0, 13));
                    break;
                case 1:
                    value = random.NextDouble() * Math.Pow(10, random.Next(-12, 18));
                    break;
                case 2:
                    random.NextBytes(bits);
                    value = BitConverter.ToDouble(bits);
                    break;
                default:
                    // Near the 2^50 limit of the short-decimal path, where neighbouring doubles are far apart.
                    value = (1L << 50) * (0.5 + random.NextDouble()) / Math.Pow(10, random.Next(0, 10));
                    break;
            }

            var expected = HospitalOps.PromQL.Functions.GoFloat.Format(value);
            if (Utf8(value) != expected)
            {
                Utf8(value).ShouldBe(expected, $"{value:R}");
            }
        }
    }

    [Fact]
    public void Negative_zero_keeps_its_sign_as_in_go()
    {
        Utf8(-0.0).ShouldBe("-0");
        Utf8(0.0).ShouldBe("0");
    }

    private static string Utf8(double value)
    {
        var buffer = new byte[400];
        var written = HospitalOps.PromQL.Functions.GoFloat.FormatUtf8(value, buffer);
        written.ShouldBeGreaterThan(0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, written);
    }
}
