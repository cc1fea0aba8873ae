namespace HospitalOps.TextSearch;

/// <summary>
/// Orders the candidates a database returned (best first by bm25 or ts_rank) by literal
/// occurrence of what was typed. Matching by character pairs finds 锁等待 also where 锁等 and 等待
/// stand apart, and neither engine's rank knows the difference; this puts a title containing the
/// words as typed first, then a body containing them, then the rest, each in the engine's order.
/// It also drops candidates that lack a quoted phrase literally.
/// <para>
/// Fetch a window of candidates (say 100), re-rank it, then page. Comparison is on normalized
/// text with separators removed, so <c>Oracle 锁等待</c> and <c>oracle锁等待</c> compare equal.
/// </para>
/// </summary>
public static class SearchRanker
{
    /// <summary>The candidates, best first.</summary>
    public static IReadOnlyList<T> Rerank<T>(SearchQuery query, IEnumerable<T> candidatesBestFirst, Func<T, string?> title, Func<T, string?> body)
    {
        var whole = string.Concat(query.Required.Select(g => g.Literal));
        var scored = new List<(T Candidate, int Score, int Order)>();
        var order = 0;
        foreach (var candidate in candidatesBestFirst)
        {
            var t = TextSegmenter.Squeeze(CjkTokenizer.Normalize(title(candidate)));
            var b = TextSegmenter.Squeeze(CjkTokenizer.Normalize(body(candidate)));
            if (query.Required.Any(g => g.IsPhrase && !t.Contains(g.Literal, StringComparison.Ordinal) && !b.Contains(g.Literal, StringComparison.Ordinal)))
            {
                continue;
            }

            var score = 0;
            foreach (var group in query.Required)
            {
                score += t.Contains(group.Literal, StringComparison.Ordinal) ? 3 : b.Contains(group.Literal, StringComparison.Ordinal) ? 1 : 0;
            }

            if (query.Required.Count > 1 && t.Contains(whole, StringComparison.Ordinal))
            {
                score += 3;
            }

            scored.Add((candidate, score, order++));
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Order).Select(s => s.Candidate).ToList();
    }
}
