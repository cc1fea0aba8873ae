namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>A forecast of one resource, optionally tagged with the layer (storage, database, host …) it belongs to.</summary>
public sealed record ResourceForecast(string Resource, CapacityForecast Forecast, string? Layer = null);

/// <summary>Which of several resources saturates first.</summary>
internal static class Saturation
{
    /// <summary>
    /// Orders resources by how soon they saturate: first those with a fill date (already full ones,
    /// dated now, lead), by fill date then earliest band end; then those whose band reaches the capacity
    /// though the forecast itself does not, by that earliest end; then the rest by least headroom,
    /// with unknown headroom last. Ties fall back to the name, so the order is stable.
    /// </summary>
    public static IReadOnlyList<ResourceForecast> Rank(IEnumerable<ResourceForecast> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return resources
            .OrderBy(r => Group(r.Forecast))
            .ThenBy(r => r.Forecast.FullAt ?? r.Forecast.FullAtEarliest ?? long.MaxValue)
            .ThenBy(r => r.Forecast.FullAtEarliest ?? long.MaxValue)
            .ThenBy(r => r.Forecast.Headroom ?? double.PositiveInfinity)
            .ThenBy(r => r.Layer, StringComparer.Ordinal)
            .ThenBy(r => r.Resource, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The resource that saturates first within the horizon, or null when none is forecast to fill.</summary>
    public static ResourceForecast? Bottleneck(IEnumerable<ResourceForecast> resources) =>
        Rank(resources).FirstOrDefault(r => r.Forecast.FullAt is not null);

    private static int Group(CapacityForecast forecast) =>
        forecast.FullAt is not null ? 0 : forecast.FullAtEarliest is not null ? 1 : 2;
}
