namespace HospitalOps.Kernel.Errors;

/// <summary>
/// An error the caller caused or can act on: an HTTP status, a stable machine code, optional
/// message arguments and per-field errors (field → code). Rendered as RFC 7807 ProblemDetails.
/// </summary>
public sealed class AppProblem(int status, string code, IReadOnlyDictionary<string, string>? args = null, IReadOnlyDictionary<string, string>? fieldErrors = null)
    : Exception(code)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string>? Args { get; } = args;

    public IReadOnlyDictionary<string, string>? FieldErrors { get; } = fieldErrors;

    public static AppProblem NotFound() => new(404, "not_found");

    public static AppProblem Forbidden() => new(403, "forbidden");

    public static AppProblem Conflict(string code = "conflict") => new(409, code);

    public static AppProblem Invalid(string field, string code) =>
        new(400, "validation_failed", fieldErrors: new Dictionary<string, string> { [field] = code });

    public static AppProblem Invalid(IReadOnlyDictionary<string, string> fieldErrors) => new(400, "validation_failed", fieldErrors: fieldErrors);

    /// <summary>
    /// Optimistic concurrency for a change: the caller must send the version it read; another version means someone
    /// changed the record meanwhile (409), none means the request is incomplete (400).
    /// </summary>
    public static void EnsureVersion(int? requested, int current)
    {
        if (requested != current)
        {
            throw requested is null ? Invalid("version", "required") : Conflict();
        }
    }
}
