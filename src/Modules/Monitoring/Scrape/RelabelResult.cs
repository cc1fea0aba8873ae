using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>The labels after relabelling, or dropped (null labels). A regex timeout drops the series and says so.</summary>
internal readonly record struct RelabelResult(Label[]? Labels, bool RegexTimedOut = false)
{
    public bool Dropped => Labels is null;
}
