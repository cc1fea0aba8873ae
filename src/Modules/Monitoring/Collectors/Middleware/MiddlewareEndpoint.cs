namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>Where and how to reach one middleware management interface.</summary>
/// <param name="BaseUrl">Scheme, host and port, e.g. http://his-app01:7001/ (paths are appended).</param>
/// <param name="Timeout">For one whole collection (all its requests together).</param>
/// <param name="MaxResponseBytes">Cap for each response body.</param>
internal sealed record MiddlewareEndpoint(
    Uri BaseUrl,
    string User,
    string Password,
    TimeSpan Timeout,
    int MaxResponseBytes = MiddlewareEndpoint.DefaultMaxResponseBytes,
    bool SkipTlsVerification = false)
{
    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;
}
