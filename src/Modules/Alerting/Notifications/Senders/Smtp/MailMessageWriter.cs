using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Alerting.Notifications.Senders.Smtp;

/// <summary>
/// Writes a plain-text UTF-8 e-mail (RFC 5322 with MIME): the subject as RFC 2047 encoded words, the body in base64, and
/// a Message-ID derived from the idempotency key, so a message sent twice after a crash is recognisably the same one.
/// </summary>
internal static class MailMessageWriter
{
    public static string Write(string from, IReadOnlyList<string> to, string subject, string body, string idempotencyKey, DateTimeOffset date)
    {
        var domain = from[(from.IndexOf('@') + 1)..];
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
        var text = new StringBuilder();
        text.Append("From: HospitalOps <").Append(from).Append(">\r\n");
        text.Append("To: ").Append(string.Join(", ", to.Select(t => $"<{t}>"))).Append("\r\n");
        text.Append("Subject: ").Append(EncodedWords(subject)).Append("\r\n");
        text.Append("Date: ").Append(date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)).Append(date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal)).Append("\r\n");
        text.Append("Message-ID: <").Append(id).Append("@hospitalops.").Append(domain).Append(">\r\n");
        text.Append("X-HospitalOps-Idempotency-Key: ").Append(idempotencyKey).Append("\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append("Content-Type: text/plain; charset=utf-8\r\n");
        text.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.ReplaceLineEndings("\r\n")));
        for (var i = 0; i < encoded.Length; i += 76)
        {
            text.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>ASCII subjects as they are; others as "=?utf-8?B?…?=" words of whole characters, folded onto continuation lines.</summary>
    internal static string EncodedWords(string subject)
    {
        if (subject.All(c => c is >= ' ' and <= '~'))
        {
            return subject;
        }

        // An encoded word is at most 75 characters: "=?utf-8?B?" + base64 + "?=" leaves 63 base64 characters, 45 bytes, rounded
        // down to whole characters so no word splits a UTF-8 sequence.
        var words = new List<string>();
        var chunk = new List<byte>();
        foreach (var rune in subject.EnumerateRunes())
        {
            var bytes = new byte[rune.Utf8SequenceLength];
            rune.EncodeToUtf8(bytes);
            if (chunk.Count + bytes.Length > 45)
            {
                words.Add($"=?utf-8?B?{Convert.ToBase64String(chunk.ToArray())}?=");
                chunk.Clear();
            }

            chunk.AddRange(bytes);
        }

        if (chunk.Count > 0)
        {
            words.Add($"=?utf-8?B?{Convert.ToBase64String(chunk.ToArray())}?=");
        }

        return string.Join("\r\n ", words);
    }
}
