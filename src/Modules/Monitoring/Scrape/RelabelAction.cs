namespace HospitalOps.Monitoring.Scrape;

/// <summary>The relabelling actions supported (configured by their lower-case Prometheus names).</summary>
internal enum RelabelAction
{
    Replace,
    Keep,
    Drop,
    LabelDrop,
    LabelKeep,
    LabelMap,
}
