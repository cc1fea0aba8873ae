using System.Text.Json;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace HospitalOps.Host.Platform;

/// <summary>
/// Every error leaves as ProblemDetails with a stable code in the caller's language: user errors
/// with their own status, unreadable or oversized bodies as 400/413, anything else as a
/// generic 500 whose details go only to the server log.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> log)
{
    private static readonly Dictionary<int, string> BareStatusCodes = new()
    {
        [400] = "bad_request",
        [404] = "not_found",
        [405] = "method_not_allowed",
        [413] = "body_too_large",
        [415] = "unsupported_media_type",
    };

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && IsApi(context)
                && BareStatusCodes.TryGetValue(context.Response.StatusCode, out var bareCode))
            {
                // A framework-level refusal (unreadable body, unknown route, wrong method) arrives
                // without a body; give it the same ProblemDetails shape as everything else.
                await ProblemWriter.WriteAsync(context, context.Response.StatusCode, bareCode);
            }
        }
        catch (AppProblem problem) when (!context.Response.HasStarted)
        {
            await ProblemWriter.Result(context, problem).ExecuteAsync(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : ex.InnerException is JsonException || ex.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "invalid_json" : "bad_request";
            log.LogInformation("Bad request {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, ex.Message);
            await ProblemWriter.WriteAsync(context, ex.StatusCode, code);
        }
        catch (JsonException ex) when (!context.Response.HasStarted)
        {
            log.LogInformation("Unreadable JSON {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, ex.Message);
            await ProblemWriter.WriteAsync(context, 400, "invalid_json");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            log.LogError(ex, "Unhandled error on {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            context.Features.Get<IHttpResponseFeature>()?.Headers.Clear();
            await ProblemWriter.WriteAsync(context, 500, "internal_error");
        }
    }
}
