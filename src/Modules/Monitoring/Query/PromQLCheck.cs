using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;

namespace HospitalOps.Monitoring.Query;

/// <summary>Whether a query parses, for checks before something that holds queries is saved.</summary>
internal static class PromQLCheck
{
    /// <summary>Null when <paramref name="query"/> parses; otherwise the parser's message with position and reason.</summary>
    public static string? ParseError(string query)
    {
        try
        {
            PromQLParser.Parse(query);
            return null;
        }
        catch (PromQLParseException ex)
        {
            return ex.Message;
        }
    }
}
