using HospitalOps.Monitoring.Query;
using HospitalOps.PromQL.Model;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary><c>query</c> and <c>query_range</c>, with Prometheus's parameters, checks, wording and status codes.</summary>
internal static class QueryEndpoints
{
    public static Task Instant(HttpContext context, HistoryQueries queries, TimeProvider clock) => RunAsync(context, async (p, ct) =>
    {
        var query = p.Get("query") ?? string.Empty;
        var time = p.Time("time", clock.GetUtcNow().ToUnixTimeMilliseconds());
        using var timeout = Timeout(p, context, queries);
        var result = await queries.InstantAsync(query, time, timeout.Token);
        await PrometheusJson.WriteSuccessAsync(context, w => PrometheusJson.WriteQueryData(w, result.Value), result.Warnings);
    });

    public static Task Range(HttpContext context, HistoryQueries queries) => RunAsync(context, async (p, ct) =>
    {
        var start = p.Time("start", long.MinValue);
        var end = p.Time("end", long.MinValue);
        if (start == long.MinValue)
        {
            throw new BadParameterException("invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
        }

        if (end == long.MinValue)
        {
            throw new BadParameterException("invalid parameter \"end\": cannot parse \"\" to a valid timestamp");
        }

        if (end < start)
        {
            throw new BadParameterException("invalid parameter \"end\": end timestamp must not be before start time");
        }

        var step = p.Duration("step") ?? throw new BadParameterException("invalid parameter \"step\": cannot parse \"\" to a valid duration");
        if (step <= 0)
        {
            throw new BadParameterException("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if ((end - start) / step > queries.Settings.MaxPointsPerSeries)
        {
            throw new BadParameterException($"exceeded maximum resolution of {queries.Settings.MaxPointsPerSeries:N0} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        using var timeout = Timeout(p, context, queries);
        var result = await queries.RangeAsync(p.Get("query") ?? string.Empty, start, end, step, timeout.Token);
        await PrometheusJson.WriteSuccessAsync(context, w => PrometheusJson.WriteQueryData(w, result.Value), result.Warnings);
    });

    /// <summary>Reads the parameters and turns every refusal into Prometheus's error envelope.</summary>
    internal static async Task RunAsync(HttpContext context, Func<PrometheusParameters, CancellationToken, Task> work)
    {
        try
        {
            var parameters = await PrometheusParameters.ReadAsync(context.Request, context.RequestAborted);
            await work(parameters, context.RequestAborted);
        }
        catch (BadParameterException ex)
        {
            await PrometheusJson.WriteErrorAsync(context, "bad_data", ex.Message);
        }
        catch (PromQLException ex)
        {
            await PrometheusJson.WriteErrorAsync(context, PrometheusJson.ErrorType(ex.Type), ex.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            await PrometheusJson.WriteErrorAsync(context, "canceled", "query was canceled");
        }
        catch (InvalidDataException ex)
        {
            await PrometheusJson.WriteErrorAsync(context, "bad_data", ex.Message);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            await PrometheusJson.WriteErrorAsync(context, "execution", "a regular expression took too long to match the label values");
        }
    }

    /// <summary>The caller's <c>timeout</c> parameter, never beyond the configured limit; the request's end also stops the query.</summary>
    private static CancellationTokenSource Timeout(PrometheusParameters p, HttpContext context, HistoryQueries queries)
    {
        var limit = TimeSpan.FromSeconds(queries.Settings.TimeoutSeconds);
        var asked = p.Duration("timeout") is { } ms && ms > 0 ? TimeSpan.FromMilliseconds(ms) : limit;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cts.CancelAfter(asked < limit ? asked : limit);
        return cts;
    }
}
