using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Tests.Conformance;

public enum EvalKind
{
    Instant,
    Fail,
    Ordered,
}

public abstract record ScriptCommand(int Line);

public sealed record LoadCommand(int Line, List<(Labels Labels, List<Sample> Samples)> Series) : ScriptCommand(Line);

public sealed record ClearCommand(int Line) : ScriptCommand(Line);

public sealed record ExpectedSample(Labels Labels, double Value);

public sealed record EvalCommand(int Line, string Text, EvalKind Kind, long TimeMs, string Query, List<ExpectedSample> Expected, double? ExpectedScalar) : ScriptCommand(Line)
{
    /// <summary>Set for <c>eval range from &lt;start&gt; to &lt;end&gt; step &lt;step&gt;</c> commands.</summary>
    public (long Start, long End, long Step)? Range { get; init; }

    /// <summary>For range evaluations: each expected series with one value (or null for no point) per step.</summary>
    public List<(Labels Labels, List<double?> Values)> ExpectedSeries { get; init; } = [];
}

/// <summary>
/// Reads Prometheus's PromQL test scripts: <c>load</c> blocks with the expanding value notation, <c>clear</c>, and
/// <c>eval</c>/<c>eval_ordered</c>/<c>eval_fail</c> instant evaluations with their expected samples.
/// </summary>
public static partial class TestScript
{
    [GeneratedRegex(@"^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(\S+?))?\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EvalPattern();

    [GeneratedRegex(@"^eval(?:_(fail|ordered))?\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RangeEvalPattern();

    public static List<ScriptCommand> Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Select(l => l.StartsWith('#') ? string.Empty : l).ToArray();
        var commands = new List<ScriptCommand>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var word = line.Split([' ', '\t'], 2)[0].ToLowerInvariant();
            if (word == "clear")
            {
                commands.Add(new ClearCommand(i + 1));
            }
            else if (word == "load")
            {
                var step = ParseDuration(line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries)[1].Trim());
                var series = new List<(Labels, List<Sample>)>();
                var start = i + 1;
                while (i + 1 < lines.Length && lines[i + 1].Length > 0)
                {
                    i++;
                    var (labels, rest) = ParseSeriesHead(lines[i]);
                    var values = ExpandValues(rest);
                    var samples = new List<Sample>();
                    for (var k = 0; k < values.Count; k++)
                    {
                        if (values[k] is { } v)
                        {
                            samples.Add(new Sample(k * step, v));
                        }
                    }

                    // A later definition of the same series in one block replaces the earlier one, as in Prometheus.
                    series.RemoveAll(s => s.Item1.Equals(labels));
                    series.Add((labels, samples));
                }

                commands.Add(new LoadCommand(start, series));
            }
            else if (word.StartsWith("eval", StringComparison.Ordinal))
            {
                var range = RangeEvalPattern().Match(line);
                if (range.Success)
                {
                    var rangeLine = i + 1;
                    var expectedSeries = new List<(Labels, List<double?>)>();
                    while (i + 1 < lines.Length && lines[i + 1].Length > 0)
                    {
                        i++;
                        var (seriesLabels, values) = ParseSeriesHead(lines[i]);
                        expectedSeries.Add((seriesLabels, ExpandValues(values)));
                    }

                    var rangeKind = range.Groups[1].Value.Equals("fail", StringComparison.OrdinalIgnoreCase) ? EvalKind.Fail : EvalKind.Instant;
                    commands.Add(new EvalCommand(rangeLine, line, rangeKind, 0, range.Groups[5].Value, [], null)
                    {
                        Range = (ParseDuration(range.Groups[2].Value), ParseDuration(range.Groups[3].Value), ParseDuration(range.Groups[4].Value)),
                        ExpectedSeries = expectedSeries,
                    });
                    continue;
                }

                var m = EvalPattern().Match(line);
                if (!m.Success)
                {
                    throw new FormatException($"line {i + 1}: invalid evaluation command: {line}");
                }

                var kind = m.Groups[1].Value.ToLowerInvariant() switch
                {
                    "fail" => EvalKind.Fail,
                    "ordered" => EvalKind.Ordered,
                    _ => EvalKind.Instant,
                };
                var time = m.Groups[2].Success ? ParseDuration(m.Groups[2].Value) : 0;
                var evalLine = i + 1;
                var expected = new List<ExpectedSample>();
                double? scalar = null;
                while (i + 1 < lines.Length && lines[i + 1].Length > 0)
                {
                    i++;
                    if (TryParseNumber(lines[i], out var number))
                    {
                        scalar = number;
                        break;
                    }

                    var (labels, rest) = ParseSeriesHead(lines[i]);
                    var values = ExpandValues(rest);
                    if (values.Count != 1 || values[0] is not { } value)
                    {
                        throw new FormatException($"line {i + 1}: expected exactly one value: {lines[i]}");
                    }

                    expected.Add(new ExpectedSample(labels, value));
                }

                commands.Add(new EvalCommand(evalLine, line, kind, time, m.Groups[3].Value, expected, scalar));
            }
            else
            {
                throw new FormatException($"line {i + 1}: unknown command: {line}");
            }
        }

        return commands;
    }

    public static long ParseDuration(string text)
    {
        if (text == "0")
        {
            return 0;
        }

        var m = Regex.Match(text, @"^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$");
        if (!m.Success || text.Length == 0)
        {
            throw new FormatException("invalid duration " + text);
        }

        long[] sizes = [365L * 86400000, 7L * 86400000, 86400000, 3600000, 60000, 1000, 1];
        long ms = 0;
        for (var g = 1; g <= 7; g++)
        {
            if (m.Groups[g].Success)
            {
                ms += long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) * sizes[g - 1];
            }
        }

        return ms;
    }

    /// <summary><c>name{a="b", ...} rest</c> or <c>{...} rest</c>: the label set and the text after it.</summary>
    public static (Labels Labels, string Remainder) ParseSeriesHead(string line)
    {
        var labels = new List<Label>();
        var p = 0;
        while (p < line.Length && (char.IsAsciiLetterOrDigit(line[p]) || line[p] is '_' or ':'))
        {
            p++;
        }

        if (p > 0)
        {
            labels.Add(new Label(Labels.MetricName, line[..p]));
        }

        if (p < line.Length && line[p] == '{')
        {
            p++;
            while (true)
            {
                while (p < line.Length && (line[p] == ' ' || line[p] == ','))
                {
                    p++;
                }

                if (line[p] == '}')
                {
                    p++;
                    break;
                }

                var nameStart = p;
                while (char.IsAsciiLetterOrDigit(line[p]) || line[p] == '_')
                {
                    p++;
                }

                var name = line[nameStart..p];
                while (line[p] == ' ')
                {
                    p++;
                }

                if (line[p] != '=')
                {
                    throw new FormatException("expected '=' in " + line);
                }

                p++;
                while (line[p] == ' ')
                {
                    p++;
                }

                var quote = line[p++];
                var value = new StringBuilder();
                while (line[p] != quote)
                {
                    if (line[p] == '\\')
                    {
                        p++;
                        value.Append(line[p] switch { 'n' => '\n', 't' => '\t', var c => c });
                    }
                    else
                    {
                        value.Append(line[p]);
                    }

                    p++;
                }

                p++;
                labels.RemoveAll(l => l.Name == name);
                labels.Add(new Label(name, value.ToString()));
            }
        }

        return (Labels.From(labels), line[p..].Trim());
    }

    /// <summary>Expands <c>a+bxN</c>, <c>a-bxN</c>, <c>axN</c>, <c>_</c>, <c>_xN</c>, <c>stale</c>; null stands for an omitted sample.</summary>
    public static List<double?> ExpandValues(string text)
    {
        var result = new List<double?>();
        foreach (var item in text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "_")
            {
                result.Add(null);
                continue;
            }

            if (item.Equals("stale", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(Staleness.Marker);
                continue;
            }

            var x = item.LastIndexOf('x');
            if (x > 0 && int.TryParse(item.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var times))
            {
                var head = item[..x];
                if (head == "_")
                {
                    for (var k = 0; k < times; k++)
                    {
                        result.Add(null);
                    }

                    continue;
                }

                var split = FindIncrementSign(head);
                var start = ParseValue(split < 0 ? head : head[..split]);
                var increment = split < 0 ? 0 : ParseValue(head[split..]);
                for (var k = 0; k <= times; k++)
                {
                    result.Add(start + (k * increment));
                }

                continue;
            }

            result.Add(ParseValue(item));
        }

        return result;
    }

    private static int FindIncrementSign(string head)
    {
        for (var i = 1; i < head.Length; i++)
        {
            if ((head[i] == '+' || head[i] == '-') && head[i - 1] != 'e' && head[i - 1] != 'E')
            {
                return i;
            }
        }

        return -1;
    }

    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        return text.Length > 0 && !text.Contains('{') && !char.IsAsciiLetter(text[0]) | IsSpecial(text) && TryParseValue(text, out value);
    }

    private static bool IsSpecial(string text) =>
        text.TrimStart('+', '-').Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("nan", StringComparison.OrdinalIgnoreCase);

    private static double ParseValue(string text) =>
        TryParseValue(text, out var v) ? v : throw new FormatException("invalid value " + text);

    private static bool TryParseValue(string text, out double value)
    {
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
