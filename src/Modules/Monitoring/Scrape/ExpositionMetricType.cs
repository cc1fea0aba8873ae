namespace HospitalOps.Monitoring.Scrape;

/// <summary>The type a <c># TYPE</c> line declares (the union of both formats' types).</summary>
internal enum ExpositionMetricType
{
    None,
    Counter,
    Gauge,
    Histogram,
    Summary,

    /// <summary>Text format's <c>untyped</c>.</summary>
    Untyped,

    /// <summary>OpenMetrics' <c>unknown</c>.</summary>
    Unknown,
    GaugeHistogram,
    StateSet,
    Info,
}
