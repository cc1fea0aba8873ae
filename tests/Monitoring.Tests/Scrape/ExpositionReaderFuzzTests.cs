using System.Text;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

/// <summary>
/// Random bytes and random mutations of valid bodies: the reader must never throw, and every
/// line must be accounted for: one entry per sample-looking line (a Sample or an Error), one per
/// HELP/TYPE/UNIT/EOF line, none for plain comments and blank lines.
/// </summary>
public sealed class ExpositionReaderFuzzTests
{
    private static readonly byte[] Interesting = "\n\r\t {}\"\\,=#.-+eE0123456789_:aNnIif"u8.ToArray().Concat(new byte[] { 0, 0x80, 0xc3, 0xff, 0xe4 }).ToArray();

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText, 1)]
    [InlineData(ExpositionFormat.PrometheusText, 2)]
    [InlineData(ExpositionFormat.OpenMetrics, 3)]
    [InlineData(ExpositionFormat.OpenMetrics, 4)]
    public void Next_RandomBytes_EveryLineAccountedFor(object formatValue, int seed)
    {
        var format = (ExpositionFormat)formatValue;
        var random = new Random(seed);
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var body = new byte[random.Next(0, 400)];
            for (var i = 0; i < body.Length; i++)
            {
                body[i] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
            }

            AssertEveryLineAccountedFor(body, format, maxLineBytes: iteration % 5 == 0 ? 24 : ExpositionReader.DefaultMaxLineBytes);
        }
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText, 11)]
    [InlineData(ExpositionFormat.PrometheusText, 12)]
    [InlineData(ExpositionFormat.OpenMetrics, 13)]
    [InlineData(ExpositionFormat.OpenMetrics, 14)]
    public void Next_MutatedValidBody_EveryLineAccountedFor(object formatValue, int seed)
    {
        var format = (ExpositionFormat)formatValue;
        var valid = Encoding.UTF8.GetBytes(ValidBody(format));
        AssertEveryLineAccountedFor(valid, format, ExpositionReader.DefaultMaxLineBytes).Errors.ShouldBe(0);
        var random = new Random(seed);
        var totalErrors = 0;
        var totalSamples = 0;
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var body = new List<byte>(valid);
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && body.Count > 0; m++)
            {
                var at = random.Next(body.Count);
                var b = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
                switch (random.Next(5))
                {
                    case 0: body[at] = b; break;
                    case 1: body.Insert(at, b); break;
                    case 2: body.RemoveAt(at); break;
                    case 3:
                        var from = random.Next(body.Count);
                        body.InsertRange(at, body.GetRange(from, Math.Min(random.Next(1, 40), body.Count - from)));
                        break;
                    default: body.RemoveRange(at, body.Count - at); break;
                }
            }

            var (samples, errors) = AssertEveryLineAccountedFor(body.ToArray(), format, ExpositionReader.DefaultMaxLineBytes);
            totalErrors += errors;
            totalSamples += samples;
        }

        totalErrors.ShouldBeGreaterThan(0);
        totalSamples.ShouldBeGreaterThan(0);
    }

    private static string ValidBody(ExpositionFormat format)
    {
        var text = new StringBuilder();
        text.Append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds_total counter\n");
        foreach (var mode in new[] { "idle", "user", "system" })
        {
            text.Append($"node_cpu_seconds_total{{cpu=\"0\",mode=\"{mode}\"}} 5894.18\n");
        }

        text.Append("# a plain comment\n\n");
        text.Append("node_uname_info{machine=\"x86_64\",nodename=\"his-db-01\",release=\"6.1.0\",version=\"#1 SMP \\\"x\\\"\"} 1\n");
        text.Append("node_filesystem_avail_bytes{device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"} 1.234e+10\n");
        text.Append("node_load1 NaN\nnode_boot_time_seconds +Inf\n");
        if (format == ExpositionFormat.OpenMetrics)
        {
            text.Append("# UNIT node_boot_time_seconds seconds\n");
            text.Append("foo_bucket{le=\"0.5\"} 3 1700000000.5 # {trace_id=\"abc\"} 0.42 1700000000\n");
            text.Append("# EOF\n");
        }
        else
        {
            text.Append("node_time_seconds 1.7e9 1700000000000\n");
        }

        return text.ToString();
    }

    /// <summary>Checks the line accounting; returns the numbers of samples and errors.</summary>
    private static (int Samples, int Errors) AssertEveryLineAccountedFor(byte[] body, ExpositionFormat format, int maxLineBytes)
    {
        var entries = ParsedEntry.ParseAll(body, format, maxLineBytes);
        var expectedLines = new List<int>();
        var sampleLikeLines = new HashSet<int>();
        var openMetrics = format == ExpositionFormat.OpenMetrics;
        var eofSeen = false;
        var lineNumber = 0;
        foreach (var raw in Lines(body))
        {
            lineNumber++;
            var line = raw.Length > 0 && raw[^1] == (byte)'\r' ? raw[..^1] : raw;
            var start = 0;
            while (start < line.Length && line[start] is (byte)' ' or (byte)'\t')
            {
                start++;
            }

            if (start == line.Length)
            {
                continue;
            }

            var isComment = line[start] == (byte)'#';
            if (line.Length > maxLineBytes || eofSeen || !isComment)
            {
                expectedLines.Add(lineNumber);
                if (!isComment)
                {
                    sampleLikeLines.Add(lineNumber);
                }

                continue;
            }

            if (IsMetadata(line, start, openMetrics))
            {
                expectedLines.Add(lineNumber);
                eofSeen |= openMetrics && line.AsSpan().SequenceEqual("# EOF"u8);
            }
        }

        if (openMetrics && !eofSeen)
        {
            expectedLines.Add(lineNumber + 1);
        }

        var context = $"{format}: {Encoding.UTF8.GetString(body)}";
        entries.Select(e => e.Line).ShouldBe(expectedLines, context);
        foreach (var entry in entries.Where(e => sampleLikeLines.Contains(e.Line)))
        {
            entry.Kind.ShouldBeOneOf([ExpositionEntryKind.Sample, ExpositionEntryKind.Error], context);
        }

        var samples = entries.Count(e => e.Kind == ExpositionEntryKind.Sample);
        var errors = entries.Count(e => e.Kind == ExpositionEntryKind.Error);
        entries.Count(e => sampleLikeLines.Contains(e.Line)).ShouldBe(sampleLikeLines.Count, context);
        foreach (var entry in entries.Where(e => e.Kind == ExpositionEntryKind.Error))
        {
            entry.Reason.ShouldNotBe(ExpositionErrorReason.None);
        }

        return (samples, errors);
    }

    private static bool IsMetadata(byte[] line, int start, bool openMetrics)
    {
        var i = start + 1;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        var end = i;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t'))
        {
            end++;
        }

        var keyword = Encoding.Latin1.GetString(line, i, end - i);
        return keyword is "HELP" or "TYPE" || (openMetrics && keyword is "UNIT" or "EOF");
    }

    private static IEnumerable<byte[]> Lines(byte[] body)
    {
        var start = 0;
        while (start < body.Length)
        {
            var newline = Array.IndexOf(body, (byte)'\n', start);
            var end = newline < 0 ? body.Length : newline;
            yield return body[start..end];
            start = end + 1;
        }
    }
}
