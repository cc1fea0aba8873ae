namespace HospitalOps.Monitoring.Scrape;

/// <summary>The two text formats a scrape target may answer in.</summary>
internal enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>), also the fallback for unknown types.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text</c>): <c># EOF</c> required, timestamps in seconds.</summary>
    OpenMetrics,
}
