using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Reads a Prometheus text 0.0.4 or OpenMetrics 1.0.0 body line by line without allocating.
/// Every sample line and every HELP/TYPE/UNIT/EOF line yields one entry; a malformed line yields
/// an Error entry (line number and reason) and reading goes on with the next line; other
/// comments and blank lines yield nothing. Never throws on any input.
/// </summary>
/// <remarks>
/// Deliberately lenient where real exporters are sloppy and the meaning is unambiguous: blank
/// lines, leading whitespace, spaces inside label sets and a trailing comma are accepted in both
/// formats, and plain comments are skipped in OpenMetrics too. In OpenMetrics every non-blank
/// line after <c># EOF</c> is an error, and a body without <c># EOF</c> ends with one
/// <see cref="ExpositionErrorReason.MissingEof"/> error.
/// </remarks>
internal ref struct ExpositionReader
{
    public const int DefaultMaxLineBytes = 64 * 1024;
    public const int MaxLabels = 128;

    private readonly ReadOnlySpan<byte> _body;
    private readonly ExpositionFormat _format;
    private readonly int _maxLineBytes;
    private int _position;
    private int _line;
    private bool _eofSeen;
    private bool _finished;
    private LabelNameOffsets _labelNames;

    public ExpositionReader(ReadOnlySpan<byte> body, ExpositionFormat format, int maxLineBytes = DefaultMaxLineBytes)
    {
        _body = body;
        _format = format;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Lines read so far (the line number of the last entry or skipped line).</summary>
    public readonly int LinesRead => _line;

    public bool Next(out ExpositionEntry entry)
    {
        var body = _body;
        while (_position < body.Length)
        {
            var rest = body[_position..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            _position += newline < 0 ? rest.Length : newline + 1;
            _line++;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            var start = ExpositionSyntax.SkipSpaces(line, 0);
            if (start == line.Length)
            {
                continue;
            }

            if (line.Length > _maxLineBytes)
            {
                entry = Error(ExpositionErrorReason.LineTooLong, line[.._maxLineBytes]);
                return true;
            }

            if (_eofSeen)
            {
                entry = Error(ExpositionErrorReason.DataAfterEof, line);
                return true;
            }

            if (line[start] == (byte)'#')
            {
                if (ReadComment(line, start, out entry))
                {
                    return true;
                }

                continue;
            }

            entry = ReadSample(line, start);
            return true;
        }

        if (_format == ExpositionFormat.OpenMetrics && !_eofSeen && !_finished)
        {
            _finished = true;
            entry = new ExpositionEntry(ExpositionEntryKind.Error, _line + 1, default, default, default, default, 0, null, ExpositionMetricType.None, ExpositionErrorReason.MissingEof);
            return true;
        }

        _finished = true;
        entry = default;
        return false;
    }

    private readonly ExpositionEntry Error(ExpositionErrorReason reason, ReadOnlySpan<byte> line) =>
        new(ExpositionEntryKind.Error, _line, default, default, default, line, 0, null, ExpositionMetricType.None, reason);

    /// <summary>HELP/TYPE/UNIT/EOF give an entry (or an error when malformed); any other comment is skipped.</summary>
    private bool ReadComment(ReadOnlySpan<byte> line, int start, out ExpositionEntry entry)
    {
        entry = default;
        var i = ExpositionSyntax.SkipSpaces(line, start + 1);
        var keywordEnd = ExpositionSyntax.TokenEnd(line, i);
        var keyword = line[i..keywordEnd];
        var openMetrics = _format == ExpositionFormat.OpenMetrics;
        ExpositionEntryKind kind;
        if (keyword.SequenceEqual("HELP"u8))
        {
            kind = ExpositionEntryKind.Help;
        }
        else if (keyword.SequenceEqual("TYPE"u8))
        {
            kind = ExpositionEntryKind.Type;
        }
        else if (openMetrics && keyword.SequenceEqual("UNIT"u8))
        {
            kind = ExpositionEntryKind.Unit;
        }
        else if (openMetrics && keyword.SequenceEqual("EOF"u8))
        {
            if (start == 0 && line.SequenceEqual("# EOF"u8))
            {
                _eofSeen = true;
                entry = new ExpositionEntry(ExpositionEntryKind.Eof, _line, default, default, default, default, 0, null, ExpositionMetricType.None, ExpositionErrorReason.None);
            }
            else
            {
                entry = Error(ExpositionErrorReason.InvalidEof, line);
            }

            return true;
        }
        else
        {
            return false;
        }

        var nameStart = ExpositionSyntax.SkipSpaces(line, keywordEnd);
        var nameLength = ExpositionSyntax.MetricNameLength(line[nameStart..]);
        var nameEnd = nameStart + nameLength;
        if (nameStart == keywordEnd || nameLength == 0 || (nameEnd < line.Length && !ExpositionSyntax.IsSpace(line[nameEnd])))
        {
            entry = Error(ExpositionErrorReason.InvalidMetadata, line);
            return true;
        }

        var name = line[nameStart..nameEnd];
        var text = line[ExpositionSyntax.SkipSpaces(line, nameEnd)..];
        if (!Utf8.IsValid(text))
        {
            entry = Error(ExpositionErrorReason.InvalidUtf8, line);
            return true;
        }

        var type = ExpositionMetricType.None;
        if (kind == ExpositionEntryKind.Type)
        {
            text = text.TrimEnd(" \t"u8);
            type = ParseType(text, openMetrics);
            if (type == ExpositionMetricType.None)
            {
                entry = Error(ExpositionErrorReason.InvalidType, line);
                return true;
            }
        }
        else if (kind == ExpositionEntryKind.Unit)
        {
            text = text.TrimEnd(" \t"u8);
        }

        entry = new ExpositionEntry(kind, _line, default, name, default, text, 0, null, type, ExpositionErrorReason.None);
        return true;
    }

    private static ExpositionMetricType ParseType(ReadOnlySpan<byte> word, bool openMetrics)
    {
        if (word.SequenceEqual("counter"u8))
        {
            return ExpositionMetricType.Counter;
        }

        if (word.SequenceEqual("gauge"u8))
        {
            return ExpositionMetricType.Gauge;
        }

        if (word.SequenceEqual("histogram"u8))
        {
            return ExpositionMetricType.Histogram;
        }

        if (word.SequenceEqual("summary"u8))
        {
            return ExpositionMetricType.Summary;
        }

        if (!openMetrics)
        {
            return word.SequenceEqual("untyped"u8) ? ExpositionMetricType.Untyped : ExpositionMetricType.None;
        }

        if (word.SequenceEqual("unknown"u8))
        {
            return ExpositionMetricType.Unknown;
        }

        if (word.SequenceEqual("gaugehistogram"u8))
        {
            return ExpositionMetricType.GaugeHistogram;
        }

        if (word.SequenceEqual("stateset"u8))
        {
            return ExpositionMetricType.StateSet;
        }

        return word.SequenceEqual("info"u8) ? ExpositionMetricType.Info : ExpositionMetricType.None;
    }

    private ExpositionEntry ReadSample(ReadOnlySpan<byte> line, int start)
    {
        var nameLength = ExpositionSyntax.MetricNameLength(line[start..]);
        if (nameLength == 0)
        {
            return Error(ExpositionErrorReason.InvalidMetricName, line);
        }

        var nameEnd = start + nameLength;
        var i = nameEnd;
        var brace = ExpositionSyntax.SkipSpaces(line, nameEnd);
        ReadOnlySpan<byte> labelText = default;
        if (brace < line.Length && line[brace] == (byte)'{')
        {
            var reason = ReadLabelSet(line, brace + 1, out var close);
            if (reason != ExpositionErrorReason.None)
            {
                return Error(reason, line);
            }

            labelText = line[(brace + 1)..close];
            i = close + 1;
        }
        else if (i < line.Length && !ExpositionSyntax.IsSpace(line[i]))
        {
            return Error(ExpositionErrorReason.InvalidMetricName, line);
        }

        var seriesEnd = i;

        if (i < line.Length && !ExpositionSyntax.IsSpace(line[i]))
        {
            return Error(ExpositionErrorReason.InvalidValue, line);
        }

        i = ExpositionSyntax.SkipSpaces(line, i);
        if (i == line.Length)
        {
            return Error(ExpositionErrorReason.MissingValue, line);
        }

        var valueEnd = ExpositionSyntax.TokenEnd(line, i);
        if (!ExpositionNumber.TryParseDouble(line[i..valueEnd], out var value))
        {
            return Error(ExpositionErrorReason.InvalidValue, line);
        }

        long? timestamp = null;
        i = ExpositionSyntax.SkipSpaces(line, valueEnd);
        var openMetrics = _format == ExpositionFormat.OpenMetrics;
        if (i < line.Length && !(openMetrics && line[i] == (byte)'#'))
        {
            var tsEnd = ExpositionSyntax.TokenEnd(line, i);
            var ok = openMetrics
                ? ExpositionNumber.TryParseTimestampSeconds(line[i..tsEnd], out var ms)
                : ExpositionNumber.TryParseTimestampMilliseconds(line[i..tsEnd], out ms);
            if (!ok)
            {
                return Error(ExpositionErrorReason.InvalidTimestamp, line);
            }

            timestamp = ms;
            i = ExpositionSyntax.SkipSpaces(line, tsEnd);
        }

        if (i < line.Length)
        {
            if (!openMetrics || line[i] != (byte)'#')
            {
                return Error(ExpositionErrorReason.UnexpectedTrailingData, line);
            }

            if (!IsValidExemplar(line, i + 1))
            {
                return Error(ExpositionErrorReason.InvalidExemplar, line);
            }
        }

        return new ExpositionEntry(
            ExpositionEntryKind.Sample, _line, line[start..seriesEnd], line[start..nameEnd], labelText, default, value, timestamp,
            ExpositionMetricType.None, ExpositionErrorReason.None);
    }

    /// <summary>An OpenMetrics exemplar after <c>#</c>: <c> {labels} value [timestamp]</c>. Checked, then ignored.</summary>
    private bool IsValidExemplar(ReadOnlySpan<byte> line, int i)
    {
        if (i >= line.Length || line[i] != (byte)' ')
        {
            return false;
        }

        i = ExpositionSyntax.SkipSpaces(line, i);
        if (i >= line.Length || line[i] != (byte)'{' || ReadLabelSet(line, i + 1, out var close) != ExpositionErrorReason.None)
        {
            return false;
        }

        i = close + 1;
        if (i >= line.Length || !ExpositionSyntax.IsSpace(line[i]))
        {
            return false;
        }

        i = ExpositionSyntax.SkipSpaces(line, i);
        var valueEnd = ExpositionSyntax.TokenEnd(line, i);
        if (!ExpositionNumber.TryParseDouble(line[i..valueEnd], out _))
        {
            return false;
        }

        i = ExpositionSyntax.SkipSpaces(line, valueEnd);
        if (i == line.Length)
        {
            return true;
        }

        var tsEnd = ExpositionSyntax.TokenEnd(line, i);
        return ExpositionNumber.TryParseTimestampSeconds(line[i..tsEnd], out _) && ExpositionSyntax.SkipSpaces(line, tsEnd) == line.Length;
    }

    /// <summary>Validates <c>name="value", …}</c> starting after the opening brace; <paramref name="close"/> is the index of the closing brace.</summary>
    private ExpositionErrorReason ReadLabelSet(ReadOnlySpan<byte> line, int i, out int close)
    {
        close = -1;
        var count = 0;
        var openMetrics = _format == ExpositionFormat.OpenMetrics;
        Span<int> names = _labelNames;
        while (true)
        {
            i = ExpositionSyntax.SkipSpaces(line, i);
            if (i >= line.Length)
            {
                return ExpositionErrorReason.InvalidLabelSet;
            }

            if (line[i] == (byte)'}')
            {
                close = i;
                return ExpositionErrorReason.None;
            }

            var nameLength = ExpositionSyntax.LabelNameLength(line[i..]);
            if (nameLength == 0)
            {
                return ExpositionErrorReason.InvalidLabelName;
            }

            var name = line.Slice(i, nameLength);
            if (count == MaxLabels)
            {
                return ExpositionErrorReason.TooManyLabels;
            }

            for (var k = 0; k < count; k++)
            {
                if (names[2 * k + 1] == nameLength && line.Slice(names[2 * k], nameLength).SequenceEqual(name))
                {
                    return ExpositionErrorReason.DuplicateLabelName;
                }
            }

            names[2 * count] = i;
            names[2 * count + 1] = nameLength;
            count++;
            i += nameLength;
            if (i < line.Length && line[i] != (byte)'=' && !ExpositionSyntax.IsSpace(line[i]))
            {
                return ExpositionErrorReason.InvalidLabelName;
            }

            i = ExpositionSyntax.SkipSpaces(line, i);
            if (i >= line.Length || line[i] != (byte)'=')
            {
                return ExpositionErrorReason.InvalidLabelSet;
            }

            i = ExpositionSyntax.SkipSpaces(line, i + 1);
            if (i >= line.Length || line[i] != (byte)'"')
            {
                return ExpositionErrorReason.InvalidLabelSet;
            }

            i++;
            var valueStart = i;
            while (true)
            {
                var stop = line[i..].IndexOfAny((byte)'"', (byte)'\\');
                if (stop < 0)
                {
                    return ExpositionErrorReason.InvalidLabelSet;
                }

                i += stop;
                if (line[i] == (byte)'"')
                {
                    break;
                }

                if (i + 1 >= line.Length)
                {
                    return ExpositionErrorReason.InvalidLabelSet;
                }

                if (openMetrics && line[i + 1] is not ((byte)'\\' or (byte)'"' or (byte)'n'))
                {
                    return ExpositionErrorReason.InvalidEscape;
                }

                i += 2;
            }

            var rawValue = line[valueStart..i];
            if (rawValue.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && !Utf8.IsValid(rawValue))
            {
                return ExpositionErrorReason.InvalidUtf8;
            }

            i = ExpositionSyntax.SkipSpaces(line, i + 1);
            if (i >= line.Length)
            {
                return ExpositionErrorReason.InvalidLabelSet;
            }

            if (line[i] == (byte)',')
            {
                i++;
            }
            else if (line[i] != (byte)'}')
            {
                return ExpositionErrorReason.InvalidLabelSet;
            }
        }
    }

    /// <summary>Start and length of each label name of the current label set, to find duplicates without allocating.</summary>
    [InlineArray(2 * MaxLabels)]
    private struct LabelNameOffsets
    {
        private int _element;
    }
}
