using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

public sealed class ExpositionReaderTests
{
    private const ExpositionFormat Text = ExpositionFormat.PrometheusText;
    private const ExpositionFormat OpenMetrics = ExpositionFormat.OpenMetrics;

    private static ParsedEntry Single(string line, ExpositionFormat format)
    {
        var body = format == OpenMetrics ? line + "\n# EOF\n" : line + "\n";
        var entries = ParsedEntry.ParseAll(body, format);
        var expected = format == OpenMetrics ? 2 : 1;
        entries.Count.ShouldBe(expected, $"entries of '{line}': {string.Join(" | ", entries)}");
        return entries[0];
    }

    [Theory]
    [InlineData("up 1", "up", 1.0)]
    [InlineData("up 0", "up", 0.0)]
    [InlineData("x -1.5", "x", -1.5)]
    [InlineData("x 1.5e3", "x", 1500.0)]
    [InlineData("x 1.5E-3", "x", 0.0015)]
    [InlineData("x 2.5e+06", "x", 2500000.0)]
    [InlineData("x .5", "x", 0.5)]
    [InlineData("x 5.", "x", 5.0)]
    [InlineData("x +3", "x", 3.0)]
    [InlineData("x 123456789012345678901234567890", "x", 1.2345678901234568e29)]
    [InlineData("x 0.1", "x", 0.1)]
    [InlineData("x 1e308", "x", 1e308)]
    [InlineData("x 4.9e-324", "x", 4.9e-324)]
    [InlineData("x 1e400", "x", double.PositiveInfinity)]
    [InlineData("x +Inf", "x", double.PositiveInfinity)]
    [InlineData("x -Inf", "x", double.NegativeInfinity)]
    [InlineData("x inf", "x", double.PositiveInfinity)]
    [InlineData("x -infinity", "x", double.NegativeInfinity)]
    [InlineData("x +INF", "x", double.PositiveInfinity)]
    [InlineData("x NaN", "x", double.NaN)]
    [InlineData("x nan", "x", double.NaN)]
    [InlineData("x Nan", "x", double.NaN)]
    [InlineData("node:cpu:rate5m 7", "node:cpu:rate5m", 7.0)]
    [InlineData(":leading_colon 7", ":leading_colon", 7.0)]
    [InlineData("_under 7", "_under", 7.0)]
    [InlineData("  \tindented 7", "indented", 7.0)]
    [InlineData("tabs\t\t7", "tabs", 7.0)]
    [InlineData("trailing_space 7  ", "trailing_space", 7.0)]
    [InlineData("http_requests_total 1027", "http_requests_total", 1027.0)]
    [InlineData("rpc_created 1.6e9", "rpc_created", 1.6e9)]
    public void Next_ValidSampleInBothFormats_ReturnsNameAndValue(string line, string name, double value)
    {
        foreach (var format in new[] { Text, OpenMetrics })
        {
            var entry = Single(line, format);
            entry.Kind.ShouldBe(ExpositionEntryKind.Sample, $"{format}: {entry}");
            entry.Name.ShouldBe(name);
            entry.Series.ShouldBe(name);
            entry.Labels.ShouldBeEmpty();
            if (double.IsNaN(value))
            {
                double.IsNaN(entry.Value).ShouldBeTrue();
            }
            else
            {
                entry.Value.ShouldBe(value);
            }

            entry.TimestampMs.ShouldBeNull();
        }
    }

    [Fact]
    public void Next_ManyDecimalValues_MatchTheBclParser()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var text = i % 3 == 0
                ? (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : i % 3 == 1
                    ? random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + random.Next(0, 1000000)
                    : random.Next(0, 100000) + "e" + random.Next(-25, 25);
            ExpositionNumber.TryParseDouble(System.Text.Encoding.ASCII.GetBytes(text), out var parsed).ShouldBeTrue(text);
            parsed.ShouldBe(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), text);
        }
    }

    [Theory]
    [InlineData("""node_cpu_seconds_total{cpu="0",mode="idle"} 1""", "node_cpu_seconds_total", "cpu=0|mode=idle")]
    [InlineData("""x{a="1",} 1""", "x", "a=1")]
    [InlineData("""x{ a = "1" , b="2" , } 1""", "x", "a=1|b=2")]
    [InlineData("""x{} 1""", "x", "")]
    [InlineData("""x {a="1"} 1""", "x", "a=1")]
    [InlineData("""x{a=""} 1""", "x", "a=")]
    [InlineData("""x{path="C:\\Windows"} 1""", "x", "path=C:\\Windows")]
    [InlineData("""x{q="say \"hi\""} 1""", "x", "q=say \"hi\"")]
    [InlineData("""x{m="line1\nline2"} 1""", "x", "m=line1\nline2")]
    [InlineData("""x{v="a,b=c}{"} 1""", "x", "v=a,b=c}{")]
    [InlineData("""x{v="# not a comment"} 1""", "x", "v=# not a comment")]
    [InlineData("""x{ward="心内科 3 病区"} 1""", "x", "ward=心内科 3 病区")]
    [InlineData("""x{_a1="1",B_2="2"} 1""", "x", "_a1=1|B_2=2")]
    [InlineData("""x{__name__="y"} 1""", "x", "__name__=y")]
    public void Next_LabelledSampleInBothFormats_ReturnsUnescapedLabels(string line, string name, string labels)
    {
        foreach (var format in new[] { Text, OpenMetrics })
        {
            var entry = Single(line, format);
            entry.Kind.ShouldBe(ExpositionEntryKind.Sample, $"{format}: {entry}");
            entry.Name.ShouldBe(name);
            string.Join("|", entry.Labels.Select(l => l.Name + "=" + l.Value)).ShouldBe(labels);
            entry.Series.ShouldBe(line[..(line.LastIndexOf('}') + 1)]);
            entry.Value.ShouldBe(1.0);
        }
    }

    [Fact]
    public void Next_LabelWithoutEscapes_ValueIsTheRawSpanOfTheBody()
    {
        var body = """x{a="plain",b="esc\"aped"} 1"""u8.ToArray();
        var reader = new ExpositionReader(body, Text);
        reader.Next(out var entry).ShouldBeTrue();
        var labels = entry.Labels;
        labels.MoveNext().ShouldBeTrue();
        labels.Current.HasEscapes.ShouldBeFalse();
        labels.Current.Value.Overlaps(body).ShouldBeTrue();
        labels.MoveNext().ShouldBeTrue();
        labels.Current.HasEscapes.ShouldBeTrue();
        labels.Current.Value.Overlaps(body).ShouldBeFalse();
        labels.Current.ValueString().ShouldBe("esc\"aped");
        labels.MoveNext().ShouldBeFalse();
    }

    [Theory]
    [InlineData("x 1 1700000000000", 1700000000000L)]
    [InlineData("x 1 -5", -5L)]
    [InlineData("x 1 0", 0L)]
    public void Next_TextFormatTimestamp_IsIntegerMilliseconds(string line, long expected)
    {
        Single(line, Text).TimestampMs.ShouldBe(expected);
    }

    [Theory]
    [InlineData("x 1 1700000000", 1700000000000L)]
    [InlineData("x 1 1700000000.123", 1700000000123L)]
    [InlineData("x 1 1.7e9", 1700000000000L)]
    [InlineData("x 1 0.001", 1L)]
    public void Next_OpenMetricsTimestamp_IsSecondsConvertedToMilliseconds(string line, long expected)
    {
        Single(line, OpenMetrics).TimestampMs.ShouldBe(expected);
    }

    [Theory]
    [InlineData("x 1 1.5")]
    [InlineData("x 1 1e3")]
    [InlineData("x 1 abc")]
    [InlineData("x 1 99999999999999999999")]
    public void Next_TextFormatNonIntegerTimestamp_IsInvalidTimestamp(string line)
    {
        var entry = Single(line, Text);
        entry.Kind.ShouldBe(ExpositionEntryKind.Error);
        entry.Reason.ShouldBe(ExpositionErrorReason.InvalidTimestamp);
    }

    [Theory]
    [InlineData("x 1 NaN")]
    [InlineData("x 1 +Inf")]
    [InlineData("x 1 1e300")]
    public void Next_OpenMetricsNonFiniteTimestamp_IsInvalidTimestamp(string line)
    {
        Single(line, OpenMetrics).Reason.ShouldBe(ExpositionErrorReason.InvalidTimestamp);
    }

    [Theory]
    [InlineData("""foo_bucket{le="0.5"} 3 # {trace_id="abc"} 0.42""", null)]
    [InlineData("""foo_bucket{le="0.5"} 3 # {trace_id="abc"} 0.42 1700000000.5""", null)]
    [InlineData("""foo_bucket{le="0.5"} 3 1700000000 # {} 1""", 1700000000000L)]
    public void Next_OpenMetricsExemplar_IsSkipped(string line, long? timestamp)
    {
        var entry = Single(line, OpenMetrics);
        entry.Kind.ShouldBe(ExpositionEntryKind.Sample);
        entry.Value.ShouldBe(3.0);
        entry.TimestampMs.ShouldBe(timestamp);
        entry.Labels.ShouldBe([("le", "0.5")]);
    }

    [Theory]
    [InlineData("""foo 3 # trace_id="abc" 0.42""")]
    [InlineData("""foo 3 # {trace_id="abc"}""")]
    [InlineData("""foo 3 # {trace_id="abc"} x""")]
    [InlineData("""foo 3 #{a="b"} 1""")]
    [InlineData("""foo 3 # {a="b"} 1 2 3""")]
    public void Next_OpenMetricsMalformedExemplar_IsInvalidExemplar(string line)
    {
        Single(line, OpenMetrics).Reason.ShouldBe(ExpositionErrorReason.InvalidExemplar);
    }

    [Fact]
    public void Next_ExemplarInTextFormat_IsAnError()
    {
        var entry = Single("""foo 3 # {trace_id="abc"} 0.42""", Text);
        entry.Kind.ShouldBe(ExpositionEntryKind.Error);
        entry.Reason.ShouldBe(ExpositionErrorReason.InvalidTimestamp);
    }

    [Theory]
    [InlineData("0x 1", ExpositionErrorReason.InvalidMetricName)]
    [InlineData("my-metric 1", ExpositionErrorReason.InvalidMetricName)]
    [InlineData("métrique 1", ExpositionErrorReason.InvalidMetricName)]
    [InlineData("{a=\"1\"} 1", ExpositionErrorReason.InvalidMetricName)]
    [InlineData("x", ExpositionErrorReason.MissingValue)]
    [InlineData("x   ", ExpositionErrorReason.MissingValue)]
    [InlineData("x{a=\"1\"}", ExpositionErrorReason.MissingValue)]
    [InlineData("x{a=\"1\"}1", ExpositionErrorReason.InvalidValue)]
    [InlineData("x one", ExpositionErrorReason.InvalidValue)]
    [InlineData("x 1.2.3", ExpositionErrorReason.InvalidValue)]
    [InlineData("x 1e", ExpositionErrorReason.InvalidValue)]
    [InlineData("x 1,5", ExpositionErrorReason.InvalidValue)]
    [InlineData("x +NaN", ExpositionErrorReason.InvalidValue)]
    [InlineData("x NaNa", ExpositionErrorReason.InvalidValue)]
    [InlineData("x Infinit", ExpositionErrorReason.InvalidValue)]
    [InlineData("x 0x1p3", ExpositionErrorReason.InvalidValue)]
    [InlineData("x .", ExpositionErrorReason.InvalidValue)]
    [InlineData("x - ", ExpositionErrorReason.InvalidValue)]
    [InlineData("x{1a=\"1\"} 1", ExpositionErrorReason.InvalidLabelName)]
    [InlineData("x{a-b=\"1\"} 1", ExpositionErrorReason.InvalidLabelName)]
    [InlineData("x{a:b=\"1\"} 1", ExpositionErrorReason.InvalidLabelName)]
    [InlineData("x{,a=\"1\"} 1", ExpositionErrorReason.InvalidLabelName)]
    [InlineData("x{a=\"1\",,} 1", ExpositionErrorReason.InvalidLabelName)]
    [InlineData("x{a=1} 1", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a \"1\"} 1", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1\" b=\"2\"} 1", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1\" 1", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1} 1", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1\\", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1\"", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{", ExpositionErrorReason.InvalidLabelSet)]
    [InlineData("x{a=\"1\",a=\"2\"} 1", ExpositionErrorReason.DuplicateLabelName)]
    [InlineData("x{a=\"1\",b=\"2\",a=\"1\"} 1", ExpositionErrorReason.DuplicateLabelName)]
    [InlineData("x 1 2 3", ExpositionErrorReason.UnexpectedTrailingData)]
    public void Next_MalformedSampleInBothFormats_IsErrorWithReason(string line, object reasonValue)
    {
        var reason = (ExpositionErrorReason)reasonValue;
        foreach (var format in new[] { Text, OpenMetrics })
        {
            var entry = Single(line, format);
            entry.Kind.ShouldBe(ExpositionEntryKind.Error, $"{format}: {entry}");
            entry.Reason.ShouldBe(reason, $"{format}");
            entry.Line.ShouldBe(1);
            entry.Text.ShouldBe(line);
        }
    }

    [Fact]
    public void Next_UnknownEscape_IsLiteralInTextAndAnErrorInOpenMetrics()
    {
        Single("""x{p="a\tb"} 1""", Text).Labels.ShouldBe([("p", "a\\tb")]);
        Single("""x{p="a\tb"} 1""", OpenMetrics).Reason.ShouldBe(ExpositionErrorReason.InvalidEscape);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc3 })]
    [InlineData(new byte[] { 0xc3, 0x28 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    [InlineData(new byte[] { 0xf8, 0x88, 0x80, 0x80, 0x80 })]
    public void Next_InvalidUtf8InLabelValue_IsInvalidUtf8(byte[] bad)
    {
        foreach (var format in new[] { Text, OpenMetrics })
        {
            var body = "x{a=\"ok"u8.ToArray().Concat(bad).Concat("\"} 1\nx{a=\"ok\"} 2\n"u8.ToArray()).ToArray();
            var entries = ParsedEntry.ParseAll(body, format);
            entries[0].Reason.ShouldBe(ExpositionErrorReason.InvalidUtf8);
            entries[1].Kind.ShouldBe(ExpositionEntryKind.Sample);
            entries[1].Value.ShouldBe(2.0);
        }
    }

    [Fact]
    public void Next_TooManyLabels_IsAnError()
    {
        var labels = string.Join(",", Enumerable.Range(0, ExpositionReader.MaxLabels + 1).Select(i => $"l{i}=\"v\""));
        Single("x{" + labels + "} 1", Text).Reason.ShouldBe(ExpositionErrorReason.TooManyLabels);
        var atLimit = string.Join(",", Enumerable.Range(0, ExpositionReader.MaxLabels).Select(i => $"l{i}=\"v\""));
        Single("x{" + atLimit + "} 1", Text).Labels.Length.ShouldBe(ExpositionReader.MaxLabels);
    }

    [Fact]
    public void Next_LineLongerThanTheCap_IsErrorAndTheNextLineIsRead()
    {
        var body = "x{a=\"" + new string('v', 300) + "\"} 1\ny 2\n";
        var entries = ParsedEntry.ParseAll(body, Text, maxLineBytes: 256);
        entries.Count.ShouldBe(2);
        entries[0].Reason.ShouldBe(ExpositionErrorReason.LineTooLong);
        entries[1].Name.ShouldBe("y");
        entries[1].Line.ShouldBe(2);
    }

    [Fact]
    public void Next_TextBodyWithCommentsBlankLinesAndCrLf_ReportsEveryLineWithItsNumber()
    {
        var body =
            "# HELP node_load1 1m load average.\r\n" +
            "# TYPE node_load1 gauge\r\n" +
            "node_load1 0.21\r\n" +
            "\r\n" +
            "   \t\r\n" +
            "# just a comment\r\n" +
            "#\r\n" +
            "# UNIT node_load1 ratio\r\n" +
            "bad line here\r\n" +
            "node_load5 0.3";
        var entries = ParsedEntry.ParseAll(body, Text);
        entries.Select(e => (e.Kind, e.Line)).ShouldBe(
        [
            (ExpositionEntryKind.Help, 1),
            (ExpositionEntryKind.Type, 2),
            (ExpositionEntryKind.Sample, 3),
            (ExpositionEntryKind.Error, 9),
            (ExpositionEntryKind.Sample, 10),
        ]);
        entries[0].Name.ShouldBe("node_load1");
        entries[0].Text.ShouldBe("1m load average.");
        entries[1].MetricType.ShouldBe(ExpositionMetricType.Gauge);
        entries[2].Value.ShouldBe(0.21);
        entries[4].Value.ShouldBe(0.3);
    }

    [Fact]
    public void Next_HelpWithEscapes_IsUnescapedOnRequest()
    {
        var reader = new ExpositionReader("""# HELP x A \\ backslash,\na newline."""u8, Text);
        reader.Next(out var entry).ShouldBeTrue();
        entry.Kind.ShouldBe(ExpositionEntryKind.Help);
        entry.HelpString().ShouldBe("A \\ backslash,\na newline.");
    }

    [Theory]
    [InlineData("# HELP x", ExpositionEntryKind.Help, "")]
    [InlineData("#HELP x text", ExpositionEntryKind.Help, "text")]
    [InlineData("# TYPE x counter", ExpositionEntryKind.Type, "counter")]
    [InlineData("# TYPE x untyped", ExpositionEntryKind.Type, "untyped")]
    [InlineData("# TYPE x summary  ", ExpositionEntryKind.Type, "summary")]
    public void Next_TextMetadata_IsReported(string line, object kindValue, string text)
    {
        var kind = (ExpositionEntryKind)kindValue;
        var entry = Single(line, Text);
        entry.Kind.ShouldBe(kind);
        entry.Name.ShouldBe("x");
        entry.Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("# HELP", ExpositionErrorReason.InvalidMetadata)]
    [InlineData("# HELP 1x text", ExpositionErrorReason.InvalidMetadata)]
    [InlineData("# TYPE x-y counter", ExpositionErrorReason.InvalidMetadata)]
    [InlineData("# TYPE x", ExpositionErrorReason.InvalidType)]
    [InlineData("# TYPE x Counter", ExpositionErrorReason.InvalidType)]
    [InlineData("# TYPE x gaugehistogram", ExpositionErrorReason.InvalidType)]
    [InlineData("# TYPE x unknown", ExpositionErrorReason.InvalidType)]
    public void Next_MalformedTextMetadata_IsAnError(string line, object reasonValue)
    {
        var reason = (ExpositionErrorReason)reasonValue;
        Single(line, Text).Reason.ShouldBe(reason);
    }

    [Theory]
    [InlineData("# TYPE x unknown", ExpositionMetricType.Unknown)]
    [InlineData("# TYPE x gaugehistogram", ExpositionMetricType.GaugeHistogram)]
    [InlineData("# TYPE x stateset", ExpositionMetricType.StateSet)]
    [InlineData("# TYPE x info", ExpositionMetricType.Info)]
    [InlineData("# TYPE x counter", ExpositionMetricType.Counter)]
    public void Next_OpenMetricsTypes_AreRecognised(string line, object typeValue)
    {
        var type = (ExpositionMetricType)typeValue;
        Single(line, OpenMetrics).MetricType.ShouldBe(type);
        Single("# TYPE x untyped", OpenMetrics).Reason.ShouldBe(ExpositionErrorReason.InvalidType);
    }

    [Fact]
    public void Next_OpenMetricsUnit_IsReported()
    {
        var entry = Single("# UNIT node_boot_time seconds", OpenMetrics);
        entry.Kind.ShouldBe(ExpositionEntryKind.Unit);
        entry.Name.ShouldBe("node_boot_time");
        entry.Text.ShouldBe("seconds");
    }

    [Fact]
    public void Next_OpenMetricsBody_EndsWithEofEntry()
    {
        var body =
            "# TYPE http_requests counter\n" +
            "# HELP http_requests Requests.\n" +
            "http_requests_total{code=\"200\"} 1027 1700000000.5\n" +
            "http_requests_created{code=\"200\"} 1600000000\n" +
            "# EOF\n";
        var entries = ParsedEntry.ParseAll(body, OpenMetrics);
        entries.Select(e => e.Kind).ShouldBe(
            [ExpositionEntryKind.Type, ExpositionEntryKind.Help, ExpositionEntryKind.Sample, ExpositionEntryKind.Sample, ExpositionEntryKind.Eof]);
        entries[2].Name.ShouldBe("http_requests_total");
        entries[2].TimestampMs.ShouldBe(1700000000500L);
        entries[3].Name.ShouldBe("http_requests_created");
        entries[4].Line.ShouldBe(5);
    }

    [Fact]
    public void Next_OpenMetricsWithoutEof_EndsWithMissingEofError()
    {
        var entries = ParsedEntry.ParseAll("a 1\nb 2\n", OpenMetrics);
        entries.Count.ShouldBe(3);
        entries[2].Kind.ShouldBe(ExpositionEntryKind.Error);
        entries[2].Reason.ShouldBe(ExpositionErrorReason.MissingEof);
        entries[2].Line.ShouldBe(3);
    }

    [Fact]
    public void Next_OpenMetricsDataAfterEof_EveryNonBlankLineIsAnError()
    {
        var entries = ParsedEntry.ParseAll("a 1\n# EOF\n\nb 2\n# HELP b x\n", OpenMetrics);
        entries.Select(e => (e.Kind, e.Reason, e.Line)).ShouldBe(
        [
            (ExpositionEntryKind.Sample, ExpositionErrorReason.None, 1),
            (ExpositionEntryKind.Eof, ExpositionErrorReason.None, 2),
            (ExpositionEntryKind.Error, ExpositionErrorReason.DataAfterEof, 4),
            (ExpositionEntryKind.Error, ExpositionErrorReason.DataAfterEof, 5),
        ]);
    }

    [Theory]
    [InlineData("# EOF ")]
    [InlineData(" # EOF")]
    [InlineData("# EOF x")]
    [InlineData("#  EOF")]
    public void Next_OpenMetricsMalformedEof_IsInvalidEof(string line)
    {
        var entries = ParsedEntry.ParseAll(line + "\n# EOF\n", OpenMetrics);
        entries[0].Reason.ShouldBe(ExpositionErrorReason.InvalidEof);
        entries[1].Kind.ShouldBe(ExpositionEntryKind.Eof);
    }

    [Fact]
    public void Next_OpenMetricsEofWithCrLf_IsAccepted()
    {
        ParsedEntry.ParseAll("a 1\r\n# EOF\r\n", OpenMetrics).Select(e => e.Kind).ShouldBe([ExpositionEntryKind.Sample, ExpositionEntryKind.Eof]);
    }

    [Fact]
    public void Next_EofInTextFormat_IsAPlainComment()
    {
        ParsedEntry.ParseAll("# EOF\na 1\n", Text).Select(e => e.Kind).ShouldBe([ExpositionEntryKind.Sample]);
    }

    [Fact]
    public void Next_EmptyBody_IsNothingInTextAndMissingEofInOpenMetrics()
    {
        ParsedEntry.ParseAll("", Text).ShouldBeEmpty();
        ParsedEntry.ParseAll("", OpenMetrics).Single().Reason.ShouldBe(ExpositionErrorReason.MissingEof);
    }

    [Fact]
    public void Next_AfterTheEnd_KeepsReturningFalse()
    {
        var reader = new ExpositionReader("a 1"u8, OpenMetrics);
        reader.Next(out _).ShouldBeTrue();
        reader.Next(out var missing).ShouldBeTrue();
        missing.Reason.ShouldBe(ExpositionErrorReason.MissingEof);
        reader.Next(out _).ShouldBeFalse();
        reader.Next(out _).ShouldBeFalse();
    }

    [Fact]
    public void Next_ErrorInTheMiddle_ParsingContinues()
    {
        var entries = ParsedEntry.ParseAll("a 1\nb{x=\"1\" 2\nc 3\n", Text);
        entries.Select(e => e.Kind).ShouldBe([ExpositionEntryKind.Sample, ExpositionEntryKind.Error, ExpositionEntryKind.Sample]);
        entries[2].Value.ShouldBe(3.0);
    }

    [Fact]
    public void ToLabels_Sample_PutsNameFirstAndUnescapes()
    {
        var reader = new ExpositionReader("""up{job="node",msg="a\"b"} 1"""u8, Text);
        reader.Next(out var entry).ShouldBeTrue();
        entry.ToLabels().ShouldBe([new("__name__", "up"), new("job", "node"), new("msg", "a\"b")]);
    }

    [Fact]
    public void Next_ParsingAValidBodyTwice_AllocatesNothing()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"# HELP m{i % 7} help\n# TYPE m{i % 7} gauge\nm{i % 7}{{cpu=\"{i}\",mode=\"idle\"}} {i}.5e2 {1700000000000 + i}\n")));
        Count(body);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var samples = Count(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        samples.ShouldBe(200);
        allocated.ShouldBe(0L);

        static int Count(byte[] body)
        {
            var reader = new ExpositionReader(body, ExpositionFormat.PrometheusText);
            var samples = 0;
            while (reader.Next(out var entry))
            {
                if (entry.Kind == ExpositionEntryKind.Sample)
                {
                    foreach (var label in entry.Labels)
                    {
                        samples += label.Value.Length > 100 ? 1 : 0;
                    }

                    samples++;
                }
            }

            return samples;
        }
    }
}
