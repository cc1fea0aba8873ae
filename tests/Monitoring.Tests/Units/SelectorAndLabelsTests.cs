using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Tests.Units;

public sealed class SelectorAndLabelsTests
{
    [Fact]
    public void Parse_FullSelector_GivesEveryMatcher()
    {
        var matchers = SelectorParser.Parse("node_filesystem_avail_bytes{mountpoint=~\"/d.*\", fstype!=\"tmpfs\",ci!~'vm-test.*',job=\"node\"}");

        matchers.Select(m => m.ToString()).ShouldBe(
        [
            "__name__=\"node_filesystem_avail_bytes\"", "mountpoint=~\"/d.*\"", "fstype!=\"tmpfs\"", "ci!~\"vm-test.*\"", "job=\"node\"",
        ]);
        matchers[1].Matches("/data").ShouldBeTrue();
        matchers[1].Matches("/").ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("up{job=}")]
    [InlineData("up{job=\"a\"")]
    [InlineData("up job")]
    [InlineData("{job=~\".*\"}")]
    [InlineData("{job=\"\"}")]
    [InlineData("up{job=~\"(\"}")]
    public void Parse_BadOrTooWideSelector_IsRefusedWithAFieldError(string selector)
    {
        var problem = Should.Throw<AppProblem>(() => SelectorParser.Parse(selector));

        problem.FieldErrors!.Keys.ShouldContain("match");
    }

    [Fact]
    public void SeriesLabels_TextRoundTrips_WithEscapesAndSortedLabels()
    {
        var labels = SeriesLabels.Of("hl7_ack_code", [new Label("z", "last"), new Label("text", "引号\"和\\反斜杠\n换行"), new Label("empty", ""), new Label("a", "first")]);

        labels.Text.ShouldBe("hl7_ack_code{a=\"first\",text=\"引号\\\"和\\\\反斜杠\\n换行\",z=\"last\"}");
        var back = SeriesLabels.Parse(labels.Text);
        back.Metric.ShouldBe("hl7_ack_code");
        back.Get("text").ShouldBe("引号\"和\\反斜杠\n换行");
        back.Labels.Select(l => l.Name).ShouldBe(["a", "text", "z"]);
        back.Hash.ShouldBe(labels.Hash);
    }

    [Fact]
    public void SeriesLabels_ParsedThroughAPool_AreTheSame_AndShareTheirStrings()
    {
        var pool = new StringPool();
        var a = SeriesLabels.Of("hl7_ack_code", [new Label("text", "引号\"和\\反斜杠\n换行"), new Label("ward", "ICU")]);
        var b = SeriesLabels.Of("hl7_ack_code", [new Label("text", "引号\"和\\反斜杠\n换行"), new Label("ward", "急诊")]);
        var pa = SeriesLabels.Parse(a.Text, pool);
        var pb = SeriesLabels.Parse(b.Text, pool);

        pa.Equals(a).ShouldBeTrue();
        pa.Get("text").ShouldBe("引号\"和\\反斜杠\n换行");
        pb.Get("ward").ShouldBe("急诊");
        ReferenceEquals(pa.Metric, pb.Metric).ShouldBeTrue();
        ReferenceEquals(pa.Labels[0].Name, pb.Labels[0].Name).ShouldBeTrue();
        ReferenceEquals(pa.Get("text"), pb.Get("text")).ShouldBeTrue();
    }
}
