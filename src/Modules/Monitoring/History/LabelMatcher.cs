using System.Text.RegularExpressions;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.History;

internal enum MatchKind
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>A Prometheus label matcher: <c>name="v"</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>; regexes are fully anchored.</summary>
internal sealed class LabelMatcher
{
    private readonly Regex? _regex;

    public LabelMatcher(string name, MatchKind kind, string value)
    {
        Name = name;
        Kind = kind;
        Value = value;
        if (kind is MatchKind.Regex or MatchKind.NotRegex)
        {
            try
            {
                _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(200));
            }
            catch (ArgumentException)
            {
                throw AppProblem.Invalid("match", "invalid_regex");
            }
        }
    }

    /// <summary>A matcher whose regex was compiled elsewhere (PromQL's RE2 dialect, anchored at the very end).</summary>
    public LabelMatcher(string name, MatchKind kind, string value, Regex compiled)
    {
        Name = name;
        Kind = kind;
        Value = value;
        _regex = kind is MatchKind.Regex or MatchKind.NotRegex ? compiled : null;
    }

    public string Name { get; }

    public MatchKind Kind { get; }

    public string Value { get; }

    /// <summary>True when a series without this label (value "") would match.</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    public bool Matches(string? value)
    {
        value ??= string.Empty;
        return Kind switch
        {
            MatchKind.Equal => value == Value,
            MatchKind.NotEqual => value != Value,
            MatchKind.Regex => _regex!.IsMatch(value),
            _ => !_regex!.IsMatch(value),
        };
    }

    public override string ToString() => Name + Kind switch
    {
        MatchKind.Equal => "=",
        MatchKind.NotEqual => "!=",
        MatchKind.Regex => "=~",
        _ => "!~",
    } + "\"" + Value + "\"";
}
