namespace HospitalOps.TextSearch;

/// <summary>How the terms of a query combine.</summary>
public enum MatchMode
{
    /// <summary>Every term must occur (the default): <c>锁等待</c> needs both 锁等 and 等待.</summary>
    AllTerms,

    /// <summary>
    /// Any term may occur, ranked by how many do: the fallback when <see cref="AllTerms"/> finds nothing
    /// (a mistyped or extra character). Quoted phrases and exclusions still apply.
    /// </summary>
    AnyTerm,
}
