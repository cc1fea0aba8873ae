using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>DICOM verification of a modality or PACS: address host:port; settings <c>calledAe</c>, <c>callingAe</c> (default HOSPITALOPS).</summary>
internal sealed class DicomCollector(TimeProvider clock) : ICollector
{
    public string Kind => "dicom";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var host = TargetKind.StripPort(context.Target.Address, out var port);
        var calling = context.Settings.Str("callingAe") is { Length: > 0 } c ? c : "HOSPITALOPS";
        var echo = await new DicomEchoClient(clock).EchoAsync(new DicomEchoRequest(host, port, context.Settings.Str("calledAe") ?? string.Empty, context.Timeout, calling), ct);
        var result = new CollectionResult { Failure = echo.FailureOrNull(), Detail = echo.Rejection is { } r ? new { rejection = r.ReasonText } : null };
        echo.ToSamples(result.Samples);
        return result;
    }
}
