using System.Text;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Backslash escapes of label values and HELP texts: <c>\\</c>, <c>\"</c> and <c>\n</c>. An
/// unknown escape is kept literally (the text format's behaviour; OpenMetrics rejects it while parsing).
/// </summary>
internal static class ExpositionEscapes
{
    public static byte[] Unescape(ReadOnlySpan<byte> raw)
    {
        var result = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                var next = raw[i + 1];
                switch (next)
                {
                    case (byte)'\\':
                    case (byte)'"':
                        result[length++] = next;
                        i++;
                        continue;
                    case (byte)'n':
                        result[length++] = (byte)'\n';
                        i++;
                        continue;
                }
            }

            result[length++] = b;
        }

        return length == result.Length ? result : result[..length];
    }

    public static string UnescapeToString(ReadOnlySpan<byte> raw) =>
        raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(raw) : Encoding.UTF8.GetString(Unescape(raw));
}
