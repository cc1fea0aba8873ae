using System.Text;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Alerting.Notifications.Messages;
using HospitalOps.Alerting.Notifications.Routing;
using HospitalOps.Cmdb.Contracts;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>Messages, byte limits, routing by time of day and the retry schedule, without a server.</summary>
public sealed class MessageAndRoutingTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly CiFacts Oracle = new(7, "his-db-01", "HIS 数据库", "database-instance", [new BusinessRef(1, "his", "HIS"), new BusinessRef(2, "emr", "EMR")], null, new Dictionary<string, string>());

    private static EventFacts Facts(string title, string kind = "firing") =>
        new(42, kind, title, "major", "firing", 91.5, new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 0, 15, 0, TimeSpan.Zero), "his-db-01", Oracle, null);

    [Theory]
    [InlineData("abc", 3, "abc")]
    [InlineData("abcdef", 5, "ab…")]
    [InlineData("告警告警", 9, "告警…")]
    [InlineData("告警告警", 8, "告…")]
    [InlineData("a😀b", 5, "a…")]
    [InlineData("a😀b", 6, "a😀b")]
    [InlineData("告警", 2, "")]
    public void Truncation_CountsUtf8Bytes_AndNeverSplitsACharacter(string text, int max, string expected)
    {
        var cut = Utf8Text.Truncate(text, max);
        cut.ShouldBe(expected);
        Encoding.UTF8.GetByteCount(cut).ShouldBeLessThanOrEqualTo(max);
    }

    [Fact]
    public void AChineseMessage_NamesTheCiItsBusinessSystemsValueAndLocalTime()
    {
        var message = NotificationMessages.Render(ChannelType.Find("wecom")!, new ChannelSettings { MessageType = "text" }, "zh-CN", Facts("表空间使用率 91%"), Shanghai, "https://ops.hospital.test/");

        message.Title.ShouldBe("【严重】表空间使用率 91%");
        message.Body.ShouldBe("""
            事态：表空间使用率 91%
            级别：严重
            配置项：HIS 数据库 (his-db-01)
            业务系统：HIS、EMR
            当前值：91.5
            时间：2026-11-23 09:30:00
            处理：https://ops.hospital.test/alerting/events/42
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AnEnglishResolvedMessage_SaysHowLongItLasted()
    {
        var message = NotificationMessages.Render(ChannelType.Find("email")!, new ChannelSettings(), "en-US", Facts("Tablespace 91%", "resolved"), Shanghai, null);

        message.Title.ShouldBe("[RESOLVED] Tablespace 91%");
        message.Body.ShouldContain("Resolved at: 2026-11-23 09:30:00");
        message.Body.ShouldContain("Lasted: 1 h 15 min");
        message.Body.ShouldNotContain("Value:");
    }

    [Fact]
    public void EachChannelsByteLimit_IsKept_WithLongChineseText()
    {
        var longTitle = string.Concat(Enumerable.Repeat("数据库连接数超过阈值", 400));
        foreach (var type in ChannelType.All)
        {
            foreach (var messageType in new[] { "text", "markdown" })
            {
                var message = NotificationMessages.Render(type, new ChannelSettings { MessageType = messageType }, "zh-CN", Facts(longTitle), Shanghai, null);
                Encoding.UTF8.GetByteCount(message.Title).ShouldBeLessThanOrEqualTo(type.TitleBytes, type.Code);
                if (type.Code is not ("sms-aliyun" or "sms-tencent" or "webhook"))
                {
                    Encoding.UTF8.GetByteCount(message.Body).ShouldBeLessThanOrEqualTo(type.BodyBytesFor(messageType), type.Code);
                }
            }
        }

        var wecomText = NotificationMessages.Render(ChannelType.Find("wecom")!, new ChannelSettings { MessageType = "text" }, "zh-CN", Facts(longTitle), Shanghai, null);
        Encoding.UTF8.GetByteCount(wecomText.Body).ShouldBeInRange(2040, 2048);
        var sms = System.Text.Json.JsonDocument.Parse(NotificationMessages.Render(ChannelType.Find("sms-aliyun")!, new ChannelSettings(), "zh-CN", Facts(longTitle), Shanghai, null).Body).RootElement;
        Encoding.UTF8.GetByteCount(sms.GetProperty("title").GetString()!).ShouldBeLessThanOrEqualTo(60);
        sms.GetProperty("time").GetString().ShouldBe("11-23 09:30");
    }

    [Fact]
    public void Routes_MatchSeverityBusinessTypeLabels_InOrder_UntilOneSaysStop()
    {
        static NotificationRoute Route(long id, int position, RouteMatch match, bool stop = false) => new()
        {
            Id = id, Name = "r" + id, Position = position, Enabled = true, Stop = stop, Channels = "[1]",
            Match = System.Text.Json.JsonSerializer.Serialize(match, NotificationRoute.Json),
        };

        var routes = new[]
        {
            Route(1, 10, new RouteMatch(["critical"], null, null, null, null)),
            Route(2, 20, new RouteMatch(null, [2], null, null, null), stop: true),
            Route(3, 30, new RouteMatch(null, null, ["database-instance"], null, null)),
            Route(4, 5, new RouteMatch(null, null, null, new Dictionary<string, string> { ["team"] = "dba" }, null)),
        };
        var noon = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(8));

        RouteMatcher.Select(routes, new RoutedEvent("critical", new Dictionary<string, string>(), Oracle), noon).Select(r => r.Id).ShouldBe([1L, 2L]);
        RouteMatcher.Select(routes, new RoutedEvent("minor", new Dictionary<string, string> { ["team"] = "dba" }, null), noon).Select(r => r.Id).ShouldBe([4L]);
        RouteMatcher.Select(routes, new RoutedEvent("minor", new Dictionary<string, string>(), Oracle with { BusinessSystems = [] }), noon).Select(r => r.Id).ShouldBe([3L]);
    }

    [Theory]
    [InlineData("2026-11-23T17:59", true)] // Monday, within 08:00–18:00
    [InlineData("2026-11-23T18:00", false)]
    [InlineData("2026-11-23T07:59", false)]
    [InlineData("2026-11-22T10:00", false)] // Sunday
    public void WorkHours_AreLocalAndHalfOpen(string local, bool expected) =>
        RouteMatcher.InHours(new RouteHours("08:00", "18:00", [1, 2, 3, 4, 5]), DateTimeOffset.Parse(local + "+08:00", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Theory]
    [InlineData("2026-11-27T23:00", true)] // Friday night
    [InlineData("2026-11-28T07:00", true)] // Saturday early: still Friday's night
    [InlineData("2026-11-28T23:00", false)] // Saturday night is not a weekday night
    [InlineData("2026-11-23T07:00", false)] // Monday early: Sunday's night
    [InlineData("2026-11-23T12:00", false)]
    public void ANightShift_SpansMidnight_AndBelongsToTheDayItStarted(string local, bool expected) =>
        RouteMatcher.InHours(new RouteHours("18:00", "08:00", [1, 2, 3, 4, 5]), DateTimeOffset.Parse(local + "+08:00", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Theory]
    [InlineData(1, null, 30)]
    [InlineData(2, null, 60)]
    [InlineData(3, null, 120)]
    [InlineData(7, null, 1800)]
    [InlineData(40, null, 1800)]
    [InlineData(1, 90, 90)]
    [InlineData(1, 7200, 1800)]
    public void RetriesBackOff_DoublingToHalfAnHour_HonouringThePeersRetryAfter(int attempts, int? retryAfterSeconds, int expectedSeconds) =>
        OutboxDispatcher.RetryDelay(attempts, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
}
