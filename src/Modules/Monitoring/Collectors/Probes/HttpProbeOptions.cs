using System.Security.Cryptography.X509Certificates;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Settings of one HTTP(S) target.</summary>
internal sealed record HttpProbeOptions
{
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    public required Uri Url { get; init; }

    /// <summary>HEAD instead of GET (no body: a body pattern is then never matched).</summary>
    public bool UseHead { get; init; }

    /// <summary>For the whole exchange: connect, TLS, headers and the (capped) body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>0 = a redirect is an answer like any other (usually a status mismatch).</summary>
    public int MaxRedirects { get; init; }

    public string? BasicAuthUser { get; init; }

    public string? BasicAuthPassword { get; init; }

    /// <summary>Accept any server certificate (still reports its expiry).</summary>
    public bool SkipTlsVerification { get; init; }

    /// <summary>Trust exactly this certificate (a device's self-signed one) instead of the system's CAs.</summary>
    public X509Certificate2? PinnedCertificate { get; init; }

    /// <summary>Status codes that count as success; null = any 2xx.</summary>
    public IReadOnlyList<int>? ExpectedStatusCodes { get; init; }

    /// <summary>A regular expression the (capped) body must match; null = no body check.</summary>
    public string? BodyPattern { get; init; }

    public TimeSpan BodyPatternTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many bytes of the body are read; the rest is reported as truncated.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;
}
