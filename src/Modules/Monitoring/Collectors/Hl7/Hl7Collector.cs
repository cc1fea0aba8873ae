using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// HL7 v2 round trips over MLLP: address host:port; settings <c>sendingApplication</c>,
/// <c>sendingFacility</c>, <c>receivingApplication</c>, <c>receivingFacility</c>, <c>messageTemplate</c>
/// (default: a network-management query NMQ^N01, which changes no clinical data).
/// </summary>
internal sealed class Hl7Collector(TimeProvider clock) : ICollector
{
    public string Kind => "hl7";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        var s = context.Settings;
        var options = new Hl7ProbeOptions(host, port)
        {
            Timeout = context.Timeout,
            SendingApplication = s.Str("sendingApplication"),
            SendingFacility = s.Str("sendingFacility"),
            ReceivingApplication = s.Str("receivingApplication"),
            ReceivingFacility = s.Str("receivingFacility"),
            MessageTemplate = string.IsNullOrWhiteSpace(s.Str("messageTemplate")) ? null : s.Str("messageTemplate"),
        };
        var result = new CollectionResult();
        try
        {
            await new Hl7Probe(clock).CollectAsync(options, result.Samples, ct);
        }
        catch (CollectionFailure failure)
        {
            result.Failure = failure;
        }

        return result;
    }
}
