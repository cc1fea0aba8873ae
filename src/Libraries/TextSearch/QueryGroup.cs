namespace HospitalOps.TextSearch;

/// <summary>
/// What the user wrote as one unit: a word between spaces (<c>Oracle锁等待</c>, <c>ORA-00060</c>) or a
/// quoted phrase. All its <see cref="Terms"/> must occur for it to match. <see cref="Literal"/> is its
/// searchable characters without separators, for the literal comparison of <see cref="SearchRanker"/>.
/// </summary>
public sealed record QueryGroup(IReadOnlyList<QueryTerm> Terms, string Literal, bool IsPhrase);
