namespace HospitalOps.PromQL.Model;

/// <summary>Prometheus's API error types: the HTTP layer maps them to <c>errorType</c> and a status code.</summary>
public enum QueryErrorType
{
    /// <summary>The query does not parse or is invalid (HTTP 400).</summary>
    BadData,

    /// <summary>Evaluation failed, e.g. too many samples or duplicate series (HTTP 422).</summary>
    Execution,

    /// <summary>The query ran longer than its time limit (HTTP 503).</summary>
    Timeout,

    /// <summary>The caller went away (HTTP 499).</summary>
    Canceled,
}

public class PromQLException(QueryErrorType type, string message) : Exception(message)
{
    public QueryErrorType Type { get; } = type;
}

/// <summary>A parse error with its position: <see cref="Message"/> reads like Prometheus's, e.g. <c>1:8: parse error: unexpected "}"</c>.</summary>
public sealed class PromQLParseException(string message, int line, int column, int offset) : PromQLException(QueryErrorType.BadData, message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Zero-based character offset in the query.</summary>
    public int Offset { get; } = offset;
}
