namespace HospitalOps.Alerting.Baselines;

/// <summary>The departures from a learned baseline the hospital asked to be told about (智能分析).</summary>
internal enum AnomalyPattern
{
    /// <summary>增速过快: the value jumped well above its band within minutes.</summary>
    RisingFast,

    /// <summary>降速过快: the value dropped well below its band within minutes.</summary>
    FallingFast,

    /// <summary>有增无减高负载: above the band for hours and still climbing (a leak of memory or connections).</summary>
    RisingNoFall,

    /// <summary>有减无增: below the band for hours without coming back (a level lost for good).</summary>
    FallingNoRecovery,

    /// <summary>潮起潮落 broken: the daily rise the profile expects did not come today.</summary>
    BrokenTide,
}

/// <summary>One detection: what was expected at <paramref name="DetectedAt"/> and what was seen.</summary>
/// <param name="Start">When the departure began, as the detector reckons it (Unix milliseconds).</param>
/// <param name="DetectedAt">The latest point the detection rests on.</param>
internal sealed record Anomaly(AnomalyPattern Pattern, long Start, long DetectedAt, double ExpectedLow, double ExpectedHigh, double Observed, string Reason);
