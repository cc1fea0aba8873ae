namespace HospitalOps.TextSearch;

/// <summary>
/// One term to index and its position. Terms that start at the same place share a position: a CJK
/// character and the pair it starts, a compound's first part and the compound.
/// </summary>
public readonly record struct IndexTerm(string Text, int Position);
