using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>SNMP v2c targets: MIB-II system and interfaces, plus the OIDs of setting <c>oids</c>; the community is a secret.</summary>
internal sealed class SnmpTargetCollector : ICollector
{
    public string Kind => "snmp";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        var client = new SnmpClient(new SnmpClientOptions(host, context.Secrets.GetValueOrDefault("community", "public"))
        {
            Port = port == 0 ? 161 : port,
            Timeout = context.Timeout / 4,
            Retries = 1,
        });
        var result = new CollectionResult();
        try
        {
            await SnmpCollector.CollectAsync(client, SnmpOid.ParseAll(context.Settings.Strings("oids")), result.Samples, ct);
        }
        catch (CollectionFailure failure)
        {
            result.Failure = failure;
        }

        return result;
    }
}
