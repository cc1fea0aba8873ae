using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

public sealed class MetricRelabelerTests
{
    private static readonly Label[] CpuSeries =
    [
        new("__name__", "node_cpu_seconds_total"),
        new("cpu", "0"),
        new("mode", "idle"),
        new("instance", "10.1.2.3:9100"),
    ];

    private static MetricRelabeler Create(params RelabelRule[] rules)
    {
        MetricRelabeler.TryCreate(rules, out var relabeler, out var errors).ShouldBeTrue(string.Join(", ", errors.Select(e => e.Code)));
        return relabeler;
    }

    private static string Show(RelabelResult result) =>
        result.Labels is null ? "dropped" : string.Join(",", result.Labels.Select(l => l.Name + "=" + l.Value));

    [Fact]
    public void Apply_NoRules_ReturnsTheSameArrayWithoutAllocating()
    {
        var relabeler = Create();
        relabeler.IsEmpty.ShouldBeTrue();
        relabeler.Apply(CpuSeries);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = relabeler.Apply(CpuSeries);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        result.Labels.ShouldBeSameAs(CpuSeries);
        allocated.ShouldBe(0L);
    }

    [Theory]
    // Default regex (.*) and replacement $1 copy the source value.
    [InlineData("cpu", null, null, "core", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,core=0")]
    // Captures rearranged.
    [InlineData("instance", "(.*):(\\d+)", "$2/$1", "endpoint", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,endpoint=9100/10.1.2.3")]
    // ${1} is needed to glue text to a group: $1x means the (missing) group named "1x", i.e. nothing.
    [InlineData("mode", "(.*)", "${1}_time", "kind", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,kind=idle_time")]
    [InlineData("mode", "(.*)", "$1_time", "kind", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100")]
    // $$ is a literal dollar.
    [InlineData("cpu", "(.*)", "$$$1", "price", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,price=$0")]
    // Named groups, Go syntax.
    [InlineData("instance", "(?P<host>[^:]+):(?P<port>\\d+)", "${host}", "host", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,host=10.1.2.3")]
    [InlineData("instance", "(?<host>[^:]+):(?<port>\\d+)", "$port", "port", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,port=9100")]
    // A regex that does not match the whole value changes nothing (the regex is anchored).
    [InlineData("instance", "\\d+", "x", "cpu", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100")]
    // Overwrites an existing label.
    [InlineData("mode", "idle", "idling", "mode", "__name__=node_cpu_seconds_total,cpu=0,mode=idling,instance=10.1.2.3:9100")]
    // An empty result removes the target label.
    [InlineData("mode", "idle", "", "cpu", "__name__=node_cpu_seconds_total,mode=idle,instance=10.1.2.3:9100")]
    // A missing source label reads as "", (.*) matches it, so the target is set to "" = removed.
    [InlineData("nonexistent", null, null, "instance", "__name__=node_cpu_seconds_total,cpu=0,mode=idle")]
    // Renaming the metric through __name__.
    [InlineData("__name__", "node_(.*)", "host_$1", "__name__", "__name__=host_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100")]
    // The target label can itself be a template.
    [InlineData("mode", "(.*)", "yes", "is_${1}", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100,is_idle=yes")]
    // A template target that expands to an invalid name is ignored.
    [InlineData("cpu", "(.*)", "yes", "${1}", "__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100")]
    public void Apply_Replace_FollowsPrometheus(string source, string? regex, string? replacement, string target, string expected)
    {
        var relabeler = Create(new RelabelRule("replace", [source], Regex: regex, TargetLabel: target, Replacement: replacement));
        Show(relabeler.Apply(CpuSeries)).ShouldBe(expected);
    }

    [Fact]
    public void Apply_ReplaceWithSeveralSources_JoinsWithTheSeparator()
    {
        Show(Create(new RelabelRule("replace", ["cpu", "mode"], TargetLabel: "cm")).Apply(CpuSeries))
            .ShouldEndWith(",cm=0;idle");
        Show(Create(new RelabelRule("replace", ["cpu", "mode"], Separator: "/", Regex: "(.*)/(.*)", TargetLabel: "cm", Replacement: "$2-$1")).Apply(CpuSeries))
            .ShouldEndWith(",cm=idle-0");
        Show(Create(new RelabelRule("replace", ["mode", "missing", "cpu"], TargetLabel: "cm")).Apply(CpuSeries))
            .ShouldEndWith(",cm=idle;;0");
    }

    [Fact]
    public void Apply_GroupsNamedAndUnnamed_AreNumberedLeftToRightAsInGo()
    {
        var relabeler = Create(new RelabelRule("replace", ["mode"], Regex: "(?P<first>i)(d)(?P<rest>.*)", TargetLabel: "x", Replacement: "$3|$2|$1|${rest}"));
        Show(relabeler.Apply(CpuSeries)).ShouldEndWith(",x=le|d|i|le");
    }

    [Theory]
    [InlineData("keep", "node_cpu.*", false)]
    [InlineData("keep", "go_.*", true)]
    [InlineData("keep", "cpu", true)]
    [InlineData("drop", "node_cpu_seconds_total", true)]
    [InlineData("drop", "node_cpu", false)]
    [InlineData("drop", "go_.*|process_.*", false)]
    [InlineData("keep", "(?i)NODE_CPU_SECONDS_TOTAL", false)]
    public void Apply_KeepAndDropOnName_AreAnchored(string action, string regex, bool dropped)
    {
        Create(new RelabelRule(action, ["__name__"], Regex: regex)).Apply(CpuSeries).Dropped.ShouldBe(dropped);
    }

    [Fact]
    public void Apply_KeepOnSeveralSources_MatchesTheJoinedValue()
    {
        Create(new RelabelRule("keep", ["cpu", "mode"], Regex: "0;(idle|user)")).Apply(CpuSeries).Dropped.ShouldBeFalse();
        Create(new RelabelRule("keep", ["cpu", "mode"], Regex: "1;.*")).Apply(CpuSeries).Dropped.ShouldBeTrue();
    }

    [Fact]
    public void Apply_DotMatchesNewline_AsInPrometheus()
    {
        var series = new Label[] { new("__name__", "x"), new("msg", "a\nb") };
        Create(new RelabelRule("keep", ["msg"], Regex: "a.b")).Apply(series).Dropped.ShouldBeFalse();
        Create(new RelabelRule("keep", ["msg"], Regex: "a")).Apply(series).Dropped.ShouldBeTrue();
    }

    [Fact]
    public void Apply_LabelDropAndLabelKeep_MatchLabelNames()
    {
        Show(Create(new RelabelRule("labeldrop", Regex: "cpu|instance")).Apply(CpuSeries))
            .ShouldBe("__name__=node_cpu_seconds_total,mode=idle");
        Show(Create(new RelabelRule("labelkeep", Regex: "__name__|mode")).Apply(CpuSeries))
            .ShouldBe("__name__=node_cpu_seconds_total,mode=idle");
        Show(Create(new RelabelRule("labeldrop", Regex: "c")).Apply(CpuSeries))
            .ShouldBe("__name__=node_cpu_seconds_total,cpu=0,mode=idle,instance=10.1.2.3:9100");
    }

    [Fact]
    public void Apply_LabelDropOfTheName_DropsTheSeries()
    {
        Create(new RelabelRule("labeldrop", Regex: "__name__")).Apply(CpuSeries).Dropped.ShouldBeTrue();
        Create(new RelabelRule("labelkeep", Regex: "cpu|mode")).Apply(CpuSeries).Dropped.ShouldBeTrue();
    }

    [Fact]
    public void Apply_LabelMap_CopiesMatchingLabelsUnderTheReplacementName()
    {
        var series = new Label[] { new("__name__", "x"), new("k8s_app", "his"), new("k8s_team", "ops"), new("zone", "a") };
        Show(Create(new RelabelRule("labelmap", Regex: "k8s_(.+)")).Apply(series))
            .ShouldBe("__name__=x,k8s_app=his,k8s_team=ops,zone=a,app=his,team=ops");
        Show(Create(new RelabelRule("labelmap", Regex: "k8s_(.+)", Replacement: "kube_${1}"), new RelabelRule("labeldrop", Regex: "k8s_.*")).Apply(series))
            .ShouldBe("__name__=x,zone=a,kube_app=his,kube_team=ops");
    }

    [Fact]
    public void Apply_RulesInOrder_LaterRulesSeeEarlierResults()
    {
        var relabeler = Create(
            new RelabelRule("replace", ["instance"], Regex: "([^:]+):.*", TargetLabel: "host"),
            new RelabelRule("drop", ["host"], Regex: "10\\.1\\..*"),
            new RelabelRule("replace", ["mode"], TargetLabel: "never"));
        relabeler.Apply(CpuSeries).Dropped.ShouldBeTrue();
        Show(relabeler.Apply([new("__name__", "up"), new("instance", "192.168.0.9:9100")]))
            .ShouldBe("__name__=up,instance=192.168.0.9:9100,host=192.168.0.9");
    }

    [Fact]
    public void Apply_InputWithEmptyValues_TreatsThemAsAbsent()
    {
        Show(Create(new RelabelRule("replace", ["cpu"], TargetLabel: "core")).Apply([new("__name__", "x"), new("cpu", ""), new("a", "1")]))
            .ShouldBe("__name__=x,a=1");
    }

    [Fact]
    public void Apply_InputArray_IsNotModified()
    {
        var input = CpuSeries.ToArray();
        Create(new RelabelRule("labeldrop", Regex: "cpu"), new RelabelRule("replace", ["mode"], TargetLabel: "mode", Replacement: "x")).Apply(input);
        input.ShouldBe(CpuSeries);
    }

    [Fact]
    public void Apply_CatastrophicRegexTimesOut_SeriesDroppedAndFlagged()
    {
        MetricRelabeler.TryCreate([new RelabelRule("keep", ["v"], Regex: "(a+)+b")], out var relabeler, out _, TimeSpan.FromMilliseconds(5)).ShouldBeTrue();
        var result = relabeler.Apply([new("__name__", "x"), new("v", new string('a', 40) + "c")]);
        result.Dropped.ShouldBeTrue();
        result.RegexTimedOut.ShouldBeTrue();
    }

    [Theory]
    [InlineData("hashmod2", null, null, null, null, ScrapeErrors.RelabelUnknownAction)]
    [InlineData("", null, null, null, null, ScrapeErrors.RelabelUnknownAction)]
    [InlineData("replace", "cpu", "(", "x", null, ScrapeErrors.RelabelInvalidRegex)]
    [InlineData("keep", "cpu", "[a-", null, null, ScrapeErrors.RelabelInvalidRegex)]
    [InlineData("keep", "cpu", "(?P<1-x>a)", null, null, ScrapeErrors.RelabelInvalidRegex)]
    [InlineData("replace", "cpu", null, null, null, ScrapeErrors.RelabelMissingTargetLabel)]
    [InlineData("replace", "cpu", null, "", null, ScrapeErrors.RelabelMissingTargetLabel)]
    [InlineData("replace", "cpu", null, "1abc", null, ScrapeErrors.RelabelInvalidTargetLabel)]
    [InlineData("replace", "cpu", null, "a-b", null, ScrapeErrors.RelabelInvalidTargetLabel)]
    [InlineData("labelmap", null, "(.*)", null, "not-a-name", ScrapeErrors.RelabelInvalidReplacement)]
    [InlineData("labeldrop", "cpu", "x", null, null, ScrapeErrors.RelabelUnexpectedField)]
    [InlineData("labelkeep", null, "x", "t", null, ScrapeErrors.RelabelUnexpectedField)]
    [InlineData("labeldrop", null, "x", null, "y", ScrapeErrors.RelabelUnexpectedField)]
    [InlineData("keep", "bad-name", null, null, null, ScrapeErrors.RelabelInvalidSourceLabel)]
    public void Validate_BadRule_ReturnsItsCode(string action, string? source, string? regex, string? target, string? replacement, string code)
    {
        var rules = new[]
        {
            new RelabelRule("keep", ["__name__"], Regex: "node_.*"),
            new RelabelRule(action, source is null ? null : [source], Regex: regex, TargetLabel: target, Replacement: replacement),
        };
        var errors = MetricRelabeler.Validate(rules);
        errors.Count.ShouldBe(1);
        errors[0].Code.ShouldBe(code);
        errors[0].RuleIndex.ShouldBe(2);
        errors[0].Args["rule"].ShouldBe("2");
        MetricRelabeler.TryCreate(rules, out var relabeler, out var again).ShouldBeFalse();
        again.Single().Code.ShouldBe(code);
        relabeler.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Validate_GoodRules_ReturnsNothing()
    {
        MetricRelabeler.Validate(
        [
            new RelabelRule("replace", ["a"], TargetLabel: "${1}_x", Regex: "(.*)"),
            new RelabelRule("REPLACE", ["a", "b"], Separator: "", TargetLabel: "b"),
            new RelabelRule("labelmap", Regex: "k8s_(.+)", Replacement: "$1"),
            new RelabelRule("labeldrop", Regex: "tmp_.*"),
            new RelabelRule("keep"),
            new RelabelRule("drop", ["__name__"], Regex: "(?P<x>go)_.*"),
        ]).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_InvalidRegex_MessageNamesTheRegexInBothLanguages()
    {
        ScrapeErrors.Register();
        var error = MetricRelabeler.Validate([new RelabelRule("drop", ["a"], Regex: "(unclosed")]).Single();
        ErrorCatalog.Message(error.Code, "zh-CN", error.Args).ShouldStartWith("第 1 条重标记规则的正则表达式无效：");
        ErrorCatalog.Message(error.Code, "en", error.Args).ShouldStartWith("Relabel rule 1: the regex is invalid: ");
    }
}
