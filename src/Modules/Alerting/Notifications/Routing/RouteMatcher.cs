using System.Globalization;
using HospitalOps.Cmdb.Contracts;

namespace HospitalOps.Alerting.Notifications.Routing;

/// <summary>What routing knows about an event: its severity and labels, and its CI as the CMDB has it (null when unknown).</summary>
internal sealed record RoutedEvent(string Severity, IReadOnlyDictionary<string, string> Labels, CiFacts? Ci);

/// <summary>
/// Picks the routes an event goes to: enabled routes in order of position, every one that matches, until a matching route
/// says stop. Pure, so routing is tested without a database or a clock.
/// </summary>
internal static class RouteMatcher
{
    public static IReadOnlyList<NotificationRoute> Select(IEnumerable<NotificationRoute> routes, RoutedEvent routed, DateTimeOffset localTime)
    {
        var chosen = new List<NotificationRoute>();
        foreach (var route in routes.Where(r => r.Enabled).OrderBy(r => r.Position).ThenBy(r => r.Id))
        {
            if (!Matches(route.MatchValue, routed, localTime))
            {
                continue;
            }

            chosen.Add(route);
            if (route.Stop)
            {
                break;
            }
        }

        return chosen;
    }

    public static bool Matches(RouteMatch match, RoutedEvent routed, DateTimeOffset localTime)
    {
        if (match.Severities is { Count: > 0 } severities && !severities.Contains(routed.Severity, StringComparer.Ordinal))
        {
            return false;
        }

        if (match.BusinessIds is { Count: > 0 } businesses && (routed.Ci is null || !routed.Ci.BusinessSystems.Any(b => businesses.Contains(b.Id)) && !businesses.Contains(routed.Ci.Id)))
        {
            return false;
        }

        if (match.CiTypes is { Count: > 0 } types && (routed.Ci is null || !types.Contains(routed.Ci.Type, StringComparer.Ordinal)))
        {
            return false;
        }

        if (match.Labels is { Count: > 0 } labels && !labels.All(l => routed.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
        {
            return false;
        }

        return match.Hours is not { } hours || InHours(hours, localTime);
    }

    public static bool InHours(RouteHours hours, DateTimeOffset localTime)
    {
        var from = ParseTime(hours.From) ?? TimeSpan.Zero;
        var to = ParseTime(hours.To) ?? TimeSpan.FromDays(1);
        var time = localTime.TimeOfDay;
        DateTimeOffset day;
        if (from < to)
        {
            if (time < from || time >= to)
            {
                return false;
            }

            day = localTime;
        }
        else if (time >= from)
        {
            day = localTime;
        }
        else if (time < to)
        {
            day = localTime.AddDays(-1);
        }
        else
        {
            return false;
        }

        return hours.Days is not { Count: > 0 } days || days.Contains(IsoDay(day.DayOfWeek));
    }

    public static TimeSpan? ParseTime(string? text) =>
        TimeSpan.TryParseExact(text, ["hh\\:mm", "h\\:mm"], CultureInfo.InvariantCulture, out var t) && t < TimeSpan.FromDays(1) ? t : null;

    private static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}
