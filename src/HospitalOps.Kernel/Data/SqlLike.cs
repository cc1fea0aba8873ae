namespace HospitalOps.Kernel.Data;

/// <summary>
/// LIKE patterns from user text that mean the text literally: '%', '_' and '\' are escaped, so
/// the SQL must say <c>LIKE @p ESCAPE '\'</c> (accepted by SQLite and PostgreSQL alike).
/// </summary>
public static class SqlLike
{
    public const string Escape = " ESCAPE '\\'";

    public static string Contains(string text) => "%" + Literal(text) + "%";

    public static string StartsWith(string text) => Literal(text) + "%";

    private static string Literal(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
