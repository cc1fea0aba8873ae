namespace HospitalOps.Monitoring.Capacity.Forecasting;

internal static class Headroom
{
    /// <summary>
    /// Unused share of the capacity: (capacity − used) / capacity; negative when over capacity, null
    /// when the capacity is not a positive finite number or the value is not finite.
    /// </summary>
    public static double? Fraction(double used, double capacity) =>
        double.IsFinite(capacity) && capacity > 0 && double.IsFinite(used) ? (capacity - used) / capacity : null;
}
