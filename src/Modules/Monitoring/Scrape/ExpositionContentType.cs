namespace HospitalOps.Monitoring.Scrape;

/// <summary>Chooses the exposition format from a response's Content-Type, as Prometheus does.</summary>
internal static class ExpositionContentType
{
    /// <summary>The Accept header of a scrape: OpenMetrics preferred, the classic text format accepted.</summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>
    /// OpenMetrics for <c>application/openmetrics-text</c> (any version parameter); the classic
    /// text format for everything else, including a missing or garbled header, because that is
    /// what exporters without a declared type actually send.
    /// </summary>
    public static ExpositionFormat Detect(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return ExpositionFormat.PrometheusText;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim();
        return mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
    }
}
