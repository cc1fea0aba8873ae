namespace HospitalOps.Alerting.Notifications;

/// <summary>
/// Where the server may send notifications. A hospital network is closed: when <see cref="AlertingOptions.NotificationHosts"/>
/// lists hosts, a channel may only reach those (a name, or "*.domain" for its subdomains), so a channel cannot be turned
/// into a way to probe internal systems.
/// </summary>
internal static class NotificationHosts
{
    public static bool Allowed(AlertingOptions options, string host)
    {
        if (options.NotificationHosts is not { Length: > 0 } allowed)
        {
            return true;
        }

        host = host.Trim('[', ']').ToLowerInvariant();
        foreach (var entry in allowed.Select(a => a.Trim().ToLowerInvariant()))
        {
            if (entry == host || (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
