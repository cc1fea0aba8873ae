using System.Globalization;
using System.Text.Json;
using HospitalOps.Kernel.Web;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>
/// Prometheus's response envelope and value encoding, written directly: timestamps as Unix seconds with up to three
/// decimals, values as strings in Go's shortest non-exponent form ("NaN", "+Inf", "-Inf").
/// </summary>
internal static class PrometheusJson
{
    public static async Task WriteSuccessAsync(HttpContext context, Action<Utf8JsonWriter> data, IReadOnlyList<string>? warnings = null)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using var body = new BufferedResponseBody(context.Response);
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WritePropertyName("data");
        data(writer);
        if (warnings is { Count: > 0 })
        {
            writer.WriteStartArray("warnings");
            foreach (var w in warnings)
            {
                writer.WriteStringValue(w);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
        await body.CompleteAsync(context.RequestAborted);
    }

    public static async Task WriteErrorAsync(HttpContext context, string errorType, string message)
    {
        context.Response.StatusCode = errorType switch
        {
            "bad_data" => StatusCodes.Status400BadRequest,
            "execution" => StatusCodes.Status422UnprocessableEntity,
            "timeout" => StatusCodes.Status503ServiceUnavailable,
            "canceled" => 499,
            "not_found" => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status500InternalServerError,
        };
        context.Response.ContentType = "application/json";
        using var body = new BufferedResponseBody(context.Response);
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteString("status", "error");
        writer.WriteString("errorType", errorType);
        writer.WriteString("error", message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
        await body.CompleteAsync(context.RequestAborted);
    }

    public static string ErrorType(QueryErrorType type) => type switch
    {
        QueryErrorType.BadData => "bad_data",
        QueryErrorType.Execution => "execution",
        QueryErrorType.Timeout => "timeout",
        QueryErrorType.Canceled => "canceled",
        _ => "internal",
    };

    /// <summary><c>{"resultType": …, "result": …}</c> for any query value.</summary>
    public static void WriteQueryData(Utf8JsonWriter w, QueryValue value)
    {
        w.WriteStartObject();
        w.WriteString("resultType", value.ResultType);
        w.WritePropertyName("result");
        switch (value)
        {
            case ScalarValue s:
                WritePoint(w, s.T, s.V);
                break;
            case StringValue s:
                w.WriteStartArray();
                WriteTime(w, s.T);
                w.WriteStringValue(s.V);
                w.WriteEndArray();
                break;
            case VectorValue v:
                w.WriteStartArray();
                foreach (var sample in v.Samples)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("metric");
                    WriteLabels(w, sample.Labels);
                    w.WritePropertyName("value");
                    WritePoint(w, sample.T, sample.V);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case MatrixValue m:
                w.WriteStartArray();
                foreach (var series in m.Series)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("metric");
                    WriteLabels(w, series.Labels);
                    w.WriteStartArray("values");
                    foreach (var p in series.Points)
                    {
                        WritePoint(w, p.T, p.V);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteLabels(Utf8JsonWriter w, Labels labels)
    {
        w.WriteStartObject();
        foreach (var l in labels.AsSpan())
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }

    /// <summary><c>[t,"v"]</c>, built whole and written as one raw value (the writer adds the separating comma).</summary>
    private static void WritePoint(Utf8JsonWriter w, long t, double v)
    {
        Span<byte> text = stackalloc byte[400];
        text[0] = (byte)'[';
        var at = 1 + FormatTime(t, text[1..]);
        text[at++] = (byte)',';
        text[at++] = (byte)'"';
        var value = GoFloat.FormatUtf8(v, text[at..^2]);
        if (value < 0)
        {
            // Longer than any double's fixed notation; cannot happen, but never write a broken document.
            w.WriteStartArray();
            w.WriteRawValue(text[1..(at - 2)], skipInputValidation: true);
            w.WriteStringValue(GoFloat.Format(v));
            w.WriteEndArray();
            return;
        }

        at += value;
        text[at++] = (byte)'"';
        text[at++] = (byte)']';
        w.WriteRawValue(text[..at], skipInputValidation: true);
    }

    private static void WriteTime(Utf8JsonWriter w, long t)
    {
        Span<byte> text = stackalloc byte[32];
        w.WriteRawValue(text[..FormatTime(t, text)], skipInputValidation: true);
    }

    /// <summary>Unix seconds with the milliseconds as a fraction without trailing zeros (1435781451.781, 1435781451.5, 1435781451).</summary>
    private static int FormatTime(long t, Span<byte> text)
    {
        var at = 0;
        var seconds = t / 1000;
        var ms = (int)Math.Abs(t % 1000);
        if (t < 0 && seconds == 0)
        {
            text[at++] = (byte)'-';
        }

        seconds.TryFormat(text[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
        if (ms != 0)
        {
            text[at++] = (byte)'.';
            text[at++] = (byte)('0' + (ms / 100));
            text[at++] = (byte)('0' + (ms / 10 % 10));
            text[at++] = (byte)('0' + (ms % 10));
            while (text[at - 1] == (byte)'0')
            {
                at--;
            }
        }

        return at;
    }
}
