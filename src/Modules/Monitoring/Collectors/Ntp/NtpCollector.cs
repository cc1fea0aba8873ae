using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>Clock offset against an NTP server (the seed's time management): address host[:port]; setting <c>queries</c> (1–8, the best is kept).</summary>
internal sealed class NtpCollector(TimeProvider clock) : ICollector
{
    public string Kind => "ntp";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        var queries = Math.Clamp(context.Settings.Int("queries") ?? 1, 1, NtpProbe.MaxQueries);
        var result = new CollectionResult();
        var options = new NtpProbeOptions(host, port == 0 ? 123 : port) { Timeout = context.Timeout / queries, Queries = queries };
        try
        {
            await new NtpProbe(clock).CollectAsync(options, result.Samples, ct);
        }
        catch (CollectionFailure failure)
        {
            result.Failure = failure;
        }

        return result;
    }
}
