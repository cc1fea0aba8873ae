using System.Text;
using System.Text.RegularExpressions;
using HospitalOps.Alerting.Notifications.Senders.Smtp;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>The e-mail as written: encoded subject, base64 body, a Message-ID that follows the idempotency key.</summary>
public sealed partial class MailMessageWriterTests
{
    [Fact]
    public void AChineseSubject_IsEncodedInWordsOfWholeCharacters_ThatDecodeBackToIt()
    {
        var subject = "【紧急】HIS 数据库表空间使用率超过 95%，请立即处理（USERS 表空间）";
        var encoded = MailMessageWriter.EncodedWords(subject);

        var words = encoded.Split("\r\n ");
        words.Length.ShouldBeGreaterThan(1);
        words.ShouldAllBe(w => w.Length <= 75 && w.StartsWith("=?utf-8?B?") && w.EndsWith("?="));
        string.Concat(words.Select(w => Encoding.UTF8.GetString(Convert.FromBase64String(w[10..^2])))).ShouldBe(subject);
    }

    [Fact]
    public void AnAsciiSubject_StaysAsItIs()
    {
        MailMessageWriter.EncodedWords("[CRITICAL] HIS database down").ShouldBe("[CRITICAL] HIS database down");
    }

    [Fact]
    public void TheMessage_HasItsHeaders_AndTheBodyInBase64_AndTheSameKeyGivesTheSameMessageId()
    {
        var date = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
        var text = MailMessageWriter.Write("alerts@hospital.test", ["a@hospital.test", "b@hospital.test"], "Test 测试", "第一行\n.second line", "event:1:notice:2:channel:3", date);
        var again = MailMessageWriter.Write("alerts@hospital.test", ["a@hospital.test"], "other", "other", "event:1:notice:2:channel:3", date);

        text.ShouldContain("From: HospitalOps <alerts@hospital.test>\r\n");
        text.ShouldContain("To: <a@hospital.test>, <b@hospital.test>\r\n");
        text.ShouldContain("Date: Mon, 23 Nov 2026 09:30:00 +0800\r\n");
        text.ShouldContain("Content-Type: text/plain; charset=utf-8\r\n");
        var id = MessageId().Match(text).Value;
        id.ShouldNotBeEmpty();
        MessageId().Match(again).Value.ShouldBe(id);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(l => l.Length <= 76);
        Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", string.Empty))).ShouldBe("第一行\r\n.second line");
    }

    [GeneratedRegex("Message-ID: <[0-9a-f]{32}@hospitalops\\.hospital\\.test>")]
    private static partial Regex MessageId();
}
