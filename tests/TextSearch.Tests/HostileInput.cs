namespace HospitalOps.TextSearch.Tests;

/// <summary>What users (or attackers) may type into a search box, fixed and generated.</summary>
public static class HostileInput
{
    public static readonly string[] Fixed =
    [
        "\"", "\"\"", "\"\"\"", "'", "''", "\\", "\\'", "a\"b", "a'b", "(", ")", "((告警", "告警))", "( )",
        "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "a AND", "OR b", "NOT 告警", "告警 NOT", "a OR OR b",
        "*", "**", "a*", "*a", "告警*", "^a", "-", "--", "-a", "- a", "-\"a b\"", "a -", ":", "a:b", "title:告警", "{title body}:x",
        "&", "|", "!", "!!a", "a & b", "a | b", "a <-> b", "a <2> b", "a:*", "a:AB", "'a':*", "!(a)",
        "+a", "a+b", "c++", "c#", "%", "_", "a_", "_a", ".", "..", "a..b", "a.", "@", "@@", "a@", "/", "//",
        "\0", "\u0001", "\t\n\r", "\u200b", "\ufeff", "\uD800", "\uDC00a", "🔥", "👨‍⚕️🏥", "告\u0301警",
        "ＯＲ", "＂告警＂", "－告警", "（告警）", "＊", "﹡", "：", "ＡＮＤ ＮＯＴ",
        "; DROP TABLE article_search; --", "') OR 1=1 --", "'; SELECT pg_sleep(1); --",
        new string('锁', 2000), new string('a', 5000), string.Concat(Enumerable.Repeat("ora-00060 ", 500)),
        string.Concat(Enumerable.Repeat("\"", 999)), string.Concat(Enumerable.Repeat("-a ", 300)),
        string.Join('.', Enumerable.Range(0, 300)),
    ];

    /// <summary>Random strings over an alphabet of syntax characters, letters, CJK and odd code points.</summary>
    public static IEnumerable<string> Generated(int count, int seed = 7)
    {
        string[] alphabet =
        [
            "\"", "'", "\\", "(", ")", "*", ":", "&", "|", "!", "<", ">", "-", "+", "^", "{", "}", "[", "]", ",", ".", "_", "/", "@",
            " ", " ", " ", "\t", "AND", "OR", "NOT", "NEAR", "a", "Z", "9", "锁", "等待", "告警", "ＯＲ", "＂", "🔥", "\u0301", "\uD800", "é",
        ];
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(1, 25);
            yield return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
        }
    }

    public static IEnumerable<string> All => Fixed.Concat(Generated(2000));
}
