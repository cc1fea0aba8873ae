using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>WebLogic through its RESTful management API: address is the admin server's base URL; secrets username/password.</summary>
internal sealed class WebLogicTargetCollector : ICollector
{
    public string Kind => "weblogic";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        using var collector = new WebLogicCollector(MiddlewareTargets.Endpoint(context));
        return MiddlewareTargets.From(await collector.CollectAsync(ct));
    }
}

/// <summary>Tomcat through the manager's status page: address is the base URL; secrets username/password.</summary>
internal sealed class TomcatTargetCollector : ICollector
{
    public string Kind => "tomcat";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        using var collector = new TomcatCollector(MiddlewareTargets.Endpoint(context));
        return MiddlewareTargets.From(await collector.CollectAsync(ct));
    }
}

internal static class MiddlewareTargets
{
    public static MiddlewareEndpoint Endpoint(CollectionContext context) =>
        new(new Uri(context.Target.Address), context.Secrets.GetValueOrDefault("username", string.Empty), context.Secrets.GetValueOrDefault("password", string.Empty),
            context.Timeout, SkipTlsVerification: context.Settings.Bool("skipTlsVerify") == true);

    public static CollectionResult From(SampleBatch batch)
    {
        var result = new CollectionResult();
        foreach (var s in batch.Samples)
        {
            result.Samples.Add(s.Metric, s.Value, s.Labels);
        }

        return result;
    }
}
