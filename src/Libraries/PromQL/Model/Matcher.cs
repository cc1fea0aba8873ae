using System.Text.RegularExpressions;

namespace HospitalOps.PromQL.Model;

public enum MatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>A label matcher: <c>name="v"</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>. Regexes are fully anchored, as in Prometheus.</summary>
public sealed class Matcher
{
    private readonly Regex? _regex;

    public Matcher(MatchType type, string name, string value)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            // Throws ArgumentException on a bad pattern; the parser turns it into a parse error with its position.
            _regex = RegexDialect.CompileAnchored(value, RegexOptions.Singleline);
        }
    }

    public MatchType Type { get; }

    public string Name { get; }

    public string Value { get; }

    /// <summary>True when a series without this label (value "") matches.</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    public bool Matches(string? value)
    {
        value ??= string.Empty;
        return Type switch
        {
            MatchType.Equal => value == Value,
            MatchType.NotEqual => value != Value,
            MatchType.Regex => _regex!.IsMatch(value),
            _ => !_regex!.IsMatch(value),
        };
    }

    public override string ToString() => Name + Type switch
    {
        MatchType.Equal => "=",
        MatchType.NotEqual => "!=",
        MatchType.Regex => "=~",
        _ => "!~",
    } + "\"" + Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
