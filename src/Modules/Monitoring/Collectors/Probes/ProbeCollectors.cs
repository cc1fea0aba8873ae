using System.Net;
using System.Text.RegularExpressions;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>ICMP ping targets: address is a host; setting <c>count</c> (default 3) echoes.</summary>
internal sealed class IcmpCollector : ICollector
{
    public string Kind => "icmp";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var count = Math.Clamp(context.Settings.Int("count") ?? 3, 1, 20);
        var perEcho = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, context.Timeout.Ticks / (count + 1)));
        var probe = new IcmpProbe(new IcmpProbeOptions(TargetKind.StripPort(context.Target.Address, out _), count, perEcho));
        return ProbeAdapter.From(await probe.ProbeAsync(ct));
    }
}

/// <summary>TCP connect targets: address host:port.</summary>
internal sealed class TcpCollector : ICollector
{
    public string Kind => "tcp";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        return ProbeAdapter.From(await new TcpProbe(new TcpProbeOptions(host, port, context.Timeout)).ProbeAsync(ct));
    }
}

/// <summary>
/// HTTP(S) checks: settings <c>method</c> (GET or HEAD), <c>expectedStatus</c> (list), <c>bodyRegex</c>,
/// <c>skipTlsVerify</c>, <c>maxRedirects</c>; secrets <c>username</c>/<c>password</c> for Basic authentication.
/// </summary>
internal sealed class HttpCollector(TimeProvider clock) : ICollector
{
    public string Kind => "http";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var expected = s.Strings("expectedStatus").Select(v => int.TryParse(v, out var code) ? code : 0).Where(c => c > 0).ToList();
        if (s["expectedStatus"] is System.Text.Json.Nodes.JsonArray numbers)
        {
            expected.AddRange(numbers.OfType<System.Text.Json.Nodes.JsonValue>().Select(v => v.TryGetValue<int>(out var code) ? code : 0).Where(c => c > 0));
        }

        using var probe = new HttpProbe(new HttpProbeOptions
        {
            Url = new Uri(context.Target.Address),
            UseHead = string.Equals(s.Str("method"), "HEAD", StringComparison.OrdinalIgnoreCase),
            Timeout = context.Timeout,
            MaxRedirects = Math.Clamp(s.Int("maxRedirects") ?? 0, 0, 10),
            BasicAuthUser = context.Secrets.GetValueOrDefault("username"),
            BasicAuthPassword = context.Secrets.GetValueOrDefault("password"),
            SkipTlsVerification = s.Bool("skipTlsVerify") == true,
            ExpectedStatusCodes = expected.Count == 0 ? null : expected,
            BodyPattern = string.IsNullOrEmpty(s.Str("bodyRegex")) ? null : s.Str("bodyRegex"),
        }, clock);
        return ProbeAdapter.From(await probe.ProbeAsync(ct));
    }

    /// <summary>Whether a body pattern compiles; used when the target is saved.</summary>
    public static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>DNS lookups: address is the DNS server (host[:port], default 53); settings <c>name</c>, <c>recordType</c> (A, AAAA), <c>expectedAddress</c>.</summary>
internal sealed class DnsCollector : ICollector
{
    public string Kind => "dns";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        if (!IPAddress.TryParse(host, out var server))
        {
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            server = addresses.FirstOrDefault() ?? throw new CollectionFailure("monitoring.probe.dns_failed", ("host", host));
        }

        var type = string.Equals(context.Settings.Str("recordType"), "AAAA", StringComparison.OrdinalIgnoreCase) ? DnsRecordType.Aaaa : DnsRecordType.A;
        var expected = IPAddress.TryParse(context.Settings.Str("expectedAddress") ?? string.Empty, out var e) ? e : null;
        var probe = new DnsProbe(new DnsProbeOptions(new IPEndPoint(server, port == 0 ? 53 : port), context.Settings.Str("name") ?? string.Empty, type, context.Timeout, expected));
        return ProbeAdapter.From(await probe.ProbeAsync(ct));
    }
}

/// <summary>Turns a probe's result into a collection result, keeping the samples of a failed probe (probe_success 0 and what was measured).</summary>
internal static class ProbeAdapter
{
    public static CollectionResult From(ProbeResult probe)
    {
        var result = new CollectionResult { Failure = probe.Failure };
        foreach (var s in probe.Samples.Samples)
        {
            result.Samples.Add(s.Metric, s.Value, s.Labels);
        }

        return result;
    }
}
