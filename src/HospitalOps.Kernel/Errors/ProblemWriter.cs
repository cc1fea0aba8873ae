using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HospitalOps.Kernel.Errors;

/// <summary>Turns an <see cref="AppProblem"/> into a ProblemDetails body in the request's language.</summary>
public static class ProblemWriter
{
    public static ProblemDetails Build(HttpContext context, int status, string code, IReadOnlyDictionary<string, string>? args = null, IReadOnlyDictionary<string, string>? fieldErrors = null)
    {
        var language = RequestLanguage.Of(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ErrorCatalog.Message(code, language, args),
            Type = "https://hospitalops.local/problems/" + code,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        if (fieldErrors is { Count: > 0 })
        {
            problem.Extensions["errors"] = fieldErrors.ToDictionary(
                f => f.Key,
                f => new { code = f.Value, message = ErrorCatalog.Message(f.Value, language, args) });
        }

        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    public static IResult Result(HttpContext context, AppProblem problem) =>
        Results.Json(Build(context, problem.Status, problem.Code, problem.Args, problem.FieldErrors), statusCode: problem.Status, contentType: "application/problem+json");

    public static Task WriteAsync(HttpContext context, int status, string code, IReadOnlyDictionary<string, string>? args = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Build(context, status, code, args), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
