using System.Globalization;
using System.Text;
using HospitalOps.PromQL.Functions;

namespace HospitalOps.Alerting.Templates;

/// <summary>
/// The part of Prometheus's alert templates that rules use: <c>{{ $labels.instance }}</c>, <c>{{ $value }}</c>, the
/// same through <c>.Labels</c> and <c>.Value</c>, and the functions <c>humanize</c>, <c>humanize1024</c>,
/// <c>humanizePercentage</c>, <c>humanizeDuration</c> and <c>printf</c>, called directly
/// (<c>{{ humanize $value }}</c>) or in a pipe (<c>{{ $value | humanize }}</c>). Parsed once when a rule is saved, so
/// a mistake is refused with its position instead of showing up in a notification.
/// </summary>
internal sealed class AlertTemplate
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal) { "humanize", "humanize1024", "humanizePercentage", "humanizeDuration", "printf" };

    private readonly IReadOnlyList<Part> _parts;

    private AlertTemplate(IReadOnlyList<Part> parts) => _parts = parts;

    /// <summary>The template, or a <see cref="FormatException"/> naming the position and the reason.</summary>
    public static AlertTemplate Parse(string text)
    {
        var parts = new List<Part>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(text[at..], null));
                break;
            }

            if (open > at)
            {
                parts.Add(new Part(text[at..open], null));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"position {open + 1}: '{{{{' is not closed by '}}}}'");
            }

            parts.Add(new Part(null, ParseAction(text[(open + 2)..close].Trim(), open + 1)));
            at = close + 2;
        }

        return new AlertTemplate(parts);
    }

    /// <summary>Null when <paramref name="text"/> is a valid template, else the reason.</summary>
    public static string? Check(string text)
    {
        try
        {
            Parse(text);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    public string Render(IReadOnlyDictionary<string, string> labels, double value)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part.Literal ?? part.Action!.Render(labels, value));
        }

        return text.ToString();
    }

    private static Action ParseAction(string body, int position)
    {
        if (body.Length == 0)
        {
            throw new FormatException($"position {position}: empty action");
        }

        var stages = body.Split('|').Select(s => Tokens(s.Trim(), position)).ToList();
        if (stages.Any(s => s.Count == 0))
        {
            throw new FormatException($"position {position}: a pipe stage is empty");
        }

        // The first stage is an operand or a function call with its arguments; later stages are functions taking the
        // previous result as their last argument.
        var first = stages[0];
        var calls = new List<Call>();
        Operand source;
        if (Functions.Contains(first[0]))
        {
            var args = first.Skip(1).ToList();
            if (args.Count == 0)
            {
                throw new FormatException($"position {position}: {first[0]} needs an argument");
            }

            source = ParseOperand(args[^1], position);
            calls.Add(ToCall(first[0], args[..^1], position));
        }
        else
        {
            if (first.Count != 1)
            {
                throw new FormatException($"position {position}: unknown function '{first[0]}'");
            }

            source = ParseOperand(first[0], position);
        }

        foreach (var stage in stages.Skip(1))
        {
            if (!Functions.Contains(stage[0]))
            {
                throw new FormatException($"position {position}: unknown function '{stage[0]}'");
            }

            calls.Add(ToCall(stage[0], stage.Skip(1).ToList(), position));
        }

        return new Action(source, calls);
    }

    private static Call ToCall(string name, IReadOnlyList<string> args, int position)
    {
        if (name == "printf")
        {
            if (args.Count != 1 || args[0].Length < 2 || args[0][0] != '"' || args[0][^1] != '"')
            {
                throw new FormatException($"position {position}: printf takes a quoted format, as in printf \"%.2f\" $value");
            }

            var format = args[0][1..^1];
            if (!PrintfFormat.TryParse(format, out _))
            {
                throw new FormatException($"position {position}: printf supports one %d, %f, %.Nf, %g, %s or %v verb; got \"{format}\"");
            }

            return new Call(name, format);
        }

        if (args.Count != 0)
        {
            throw new FormatException($"position {position}: {name} takes only the value");
        }

        return new Call(name, null);
    }

    private static Operand ParseOperand(string token, int position)
    {
        if (token is "$value" or ".Value")
        {
            return new Operand(null);
        }

        foreach (var prefix in (string[])["$labels.", ".Labels."])
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal) && token.Length > prefix.Length)
            {
                var name = token[prefix.Length..];
                if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw new FormatException($"position {position}: '{name}' is not a label name");
                }

                return new Operand(name);
            }
        }

        throw new FormatException($"position {position}: expected $value or $labels.<name>, got '{token}'");
    }

    /// <summary>Words of an action: quoted strings stay whole.</summary>
    private static List<string> Tokens(string stage, int position)
    {
        var tokens = new List<string>();
        var at = 0;
        while (at < stage.Length)
        {
            if (char.IsWhiteSpace(stage[at]))
            {
                at++;
                continue;
            }

            if (stage[at] == '"')
            {
                var end = stage.IndexOf('"', at + 1);
                if (end < 0)
                {
                    throw new FormatException($"position {position}: a quoted string is not closed");
                }

                tokens.Add(stage[at..(end + 1)]);
                at = end + 1;
                continue;
            }

            var start = at;
            while (at < stage.Length && !char.IsWhiteSpace(stage[at]))
            {
                at++;
            }

            tokens.Add(stage[start..at]);
        }

        return tokens;
    }

    private sealed record Part(string? Literal, Action? Action);

    /// <summary>A label (by name) or the value (null).</summary>
    private sealed record Operand(string? Label);

    private sealed record Call(string Name, string? Format);

    private sealed record Action(Operand Source, IReadOnlyList<Call> Calls)
    {
        public string Render(IReadOnlyDictionary<string, string> labels, double value)
        {
            // A label's text is a number for the functions when it reads as one (as Prometheus's templates convert it).
            object current = Source.Label is { } name ? labels.GetValueOrDefault(name, string.Empty) : value;
            foreach (var call in Calls)
            {
                current = Apply(call, current);
            }

            return current is double d ? GoFloat.Format(d) : (string)current;
        }

        private static object Apply(Call call, object input)
        {
            if (call.Name == "printf")
            {
                return PrintfFormat.Format(call.Format!, input);
            }

            var number = input as double? ?? (GoFloat.TryParse((string)input, out var parsed) ? parsed : double.NaN);
            if (double.IsNaN(number) && input is string text)
            {
                return text;
            }

            return call.Name switch
            {
                "humanize" => Humanize.Si(number),
                "humanize1024" => Humanize.Binary(number),
                "humanizePercentage" => Humanize.Percentage(number),
                "humanizeDuration" => Humanize.Duration(number),
                _ => throw new InvalidOperationException(call.Name),
            };
        }
    }
}

/// <summary>The one-verb <c>printf</c> formats templates use: %d, %f, %.Nf, %g, %s, %v around literal text.</summary>
internal static class PrintfFormat
{
    public static bool TryParse(string format, out (string Before, char Verb, int? Precision, string After) parsed)
    {
        parsed = default;
        var at = format.IndexOf('%', StringComparison.Ordinal);
        if (at < 0 || at == format.Length - 1)
        {
            return false;
        }

        var i = at + 1;
        int? precision = null;
        if (format[i] == '.')
        {
            var start = ++i;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                i++;
            }

            if (i == start || i - start > 2)
            {
                return false;
            }

            precision = int.Parse(format[start..i], CultureInfo.InvariantCulture);
        }

        if (i >= format.Length || "dfgsv".IndexOf(format[i]) < 0 || format.IndexOf('%', i + 1) >= 0)
        {
            return false;
        }

        parsed = (format[..at], format[i], precision, format[(i + 1)..]);
        return true;
    }

    public static string Format(string format, object input)
    {
        TryParse(format, out var f);
        var number = input as double? ?? (GoFloat.TryParse(input as string, out var parsed) ? parsed : double.NaN);
        var middle = f.Verb switch
        {
            'd' when !double.IsNaN(number) => Math.Truncate(number).ToString("0", CultureInfo.InvariantCulture),
            'f' when !double.IsNaN(number) => number.ToString("F" + (f.Precision ?? 6), CultureInfo.InvariantCulture),
            'g' when !double.IsNaN(number) => f.Precision is { } p ? number.ToString("G" + p, CultureInfo.InvariantCulture) : GoFloat.Format(number),
            _ => input is double d ? GoFloat.Format(d) : (string)input,
        };
        return f.Before + middle + f.After;
    }
}

/// <summary>Prometheus's humanize functions: SI and binary prefixes, percentages, durations.</summary>
internal static class Humanize
{
    private static readonly string[] Large = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] Small = ["", "m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] BinaryPrefixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    public static string Si(double v)
    {
        if (v == 0 || double.IsNaN(v) || double.IsInfinity(v))
        {
            return G4(v);
        }

        var i = 0;
        if (Math.Abs(v) >= 1)
        {
            while (Math.Abs(v) >= 1000 && i < Large.Length - 1)
            {
                v /= 1000;
                i++;
            }

            return G4(v) + Large[i];
        }

        while (Math.Abs(v) < 1 && i < Small.Length - 1)
        {
            v *= 1000;
            i++;
        }

        return G4(v) + Small[i];
    }

    public static string Binary(double v)
    {
        var i = 0;
        while (Math.Abs(v) >= 1024 && i < BinaryPrefixes.Length - 1)
        {
            v /= 1024;
            i++;
        }

        return G4(v) + BinaryPrefixes[i];
    }

    public static string Percentage(double v) => G4(v * 100) + "%";

    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return G4(seconds);
        }

        if (Math.Abs(seconds) < 1)
        {
            return seconds == 0 ? "0s" : Si(seconds) + "s";
        }

        var sign = seconds < 0 ? "-" : string.Empty;
        var total = Math.Abs(seconds);
        var days = (long)(total / 86400);
        var hours = (long)(total / 3600 % 24);
        var minutes = (long)(total / 60 % 60);
        var secs = total % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add($"{days}d");
        }

        if (hours > 0)
        {
            parts.Add($"{hours}h");
        }

        if (minutes > 0)
        {
            parts.Add($"{minutes}m");
        }

        if (secs > 0 || parts.Count == 0)
        {
            parts.Add((days > 0 || hours > 0 || minutes > 0 ? Math.Floor(secs).ToString(CultureInfo.InvariantCulture) : secs.ToString("0.###", CultureInfo.InvariantCulture)) + "s");
        }

        return sign + string.Join(' ', parts);
    }

    /// <summary>Go's %.4g: four significant digits, trailing zeros dropped.</summary>
    private static string G4(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("G4", CultureInfo.InvariantCulture);
}
