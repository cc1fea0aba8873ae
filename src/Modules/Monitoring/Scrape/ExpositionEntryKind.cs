namespace HospitalOps.Monitoring.Scrape;

/// <summary>What one reported line of an exposition body is.</summary>
internal enum ExpositionEntryKind
{
    Sample,
    Help,
    Type,
    Unit,
    Eof,
    Error,
}
