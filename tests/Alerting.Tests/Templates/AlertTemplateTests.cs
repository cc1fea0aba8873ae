using HospitalOps.Alerting.Templates;

namespace HospitalOps.Alerting.Tests.Templates;

public sealed class AlertTemplateTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["instance"] = "his-db-01:9100", ["mountpoint"] = "/u01", ["ci"] = "his-db-01" };

    [Theory]
    [InlineData("{{ $labels.instance }} 的 {{ $labels.mountpoint }} 已用 {{ $value }}%", 91.5, "his-db-01:9100 的 /u01 已用 91.5%")]
    [InlineData("{{ .Labels.ci }}: {{ .Value }}", 3, "his-db-01: 3")]
    [InlineData("{{ $value | humanize }}B free", 1234567, "1.235MB free")]
    [InlineData("{{ humanize $value }}s", 0.0042, "4.2ms")]
    [InlineData("{{ $value | humanize1024 }}", 3221225472, "3Gi")]
    [InlineData("{{ $value | humanizePercentage }}", 0.8567, "85.67%")]
    [InlineData("{{ $value | humanizeDuration }}", 93784, "1d 2h 3m 4s")]
    [InlineData("{{ $value | humanizeDuration }}", 1.5, "1.5s")]
    [InlineData("{{ printf \"%.2f\" $value }} 秒", 1.23456, "1.23 秒")]
    [InlineData("{{ $value | printf \"%d 个会话\" }}", 42.9, "42 个会话")]
    [InlineData("{{ $labels.missing }}|", 1, "|")]
    [InlineData("no actions at all", 1, "no actions at all")]
    public void Render_FillsLabelsAndValue_LikePrometheusTemplates(string template, double value, string expected)
    {
        AlertTemplate.Parse(template).Render(Labels, value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("{{ $value ", "position 1: '{{' is not closed by '}}'")]
    [InlineData("x {{ }}", "position 3: empty action")]
    [InlineData("{{ $labels.in-stance }}", "'in-stance' is not a label name")]
    [InlineData("{{ $value | shout }}", "unknown function 'shout'")]
    [InlineData("{{ $vale }}", "expected $value or $labels.<name>, got '$vale'")]
    [InlineData("{{ printf \"%x\" $value }}", "printf supports one")]
    [InlineData("{{ humanize }}", "humanize needs an argument")]
    public void Parse_RefusesMistakes_WithThePositionAndTheReason(string template, string reason)
    {
        var error = AlertTemplate.Check(template);
        error.ShouldNotBeNull();
        error.ShouldContain(reason);
    }
}
