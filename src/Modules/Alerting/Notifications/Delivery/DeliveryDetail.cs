using HospitalOps.Kernel.Errors;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Reasons the platform itself gives for not sending, kept in the delivery log as a code and its argument so each reader
/// sees them in their own language (a peer's own answer is kept as the peer gave it).
/// </summary>
internal static class DeliveryDetail
{
    public const string HostNotAllowed = "channel_host_not_allowed";

    public static string Refused(string host) => $"{HostNotAllowed}: {host}";

    public static string? Show(string? detail, string language) =>
        detail is not null && detail.StartsWith(HostNotAllowed + ": ", StringComparison.Ordinal)
            ? ErrorCatalog.Message(HostNotAllowed, language, new Dictionary<string, string> { ["host"] = detail[(HostNotAllowed.Length + 2)..] })
            : detail;
}
