namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// A user-written check: one SQL query whose rows become samples of <see cref="MetricName"/>.
/// The value is the column named <c>value</c>, or else the last numeric column; every other
/// column becomes a label named after it.
/// </summary>
internal sealed record CheckScript(string MetricName, string Sql);

/// <summary>Caps on what one check script may return.</summary>
/// <param name="MaxRows">More rows than this fail the check (result_too_large).</param>
/// <param name="MaxDistinctLabelValues">More distinct values than this in any label column fail the check.</param>
/// <param name="MaxLabelValueChars">Longer label values are cut to this length.</param>
internal sealed record CheckScriptLimits(int MaxRows = 10_000, int MaxDistinctLabelValues = 1_000, int MaxLabelValueChars = 256)
{
    public static readonly CheckScriptLimits Default = new();

    public const int MaxLabelColumns = 16;
}
