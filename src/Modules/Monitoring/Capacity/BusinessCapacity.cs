using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Capacity.Forecasting;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Capacity;

public sealed record CapacityLayerDto(string Layer, int Cis, IReadOnlyList<CapacityResourceDto> Resources);

public sealed record BottleneckDto(string Layer, long CiId, string CiCode, string Name, string Instance, double? DaysUntilFull, double? Headroom, string Reason);

public sealed record BusinessCapacityDto(long BusinessId, string BusinessCode, string BusinessName, int Days, long From, long To, IReadOnlyList<CapacityLayerDto> Layers, BottleneckDto? Bottleneck);

/// <summary>
/// One business system's capacity on a common time axis: its middleware, databases, servers, storage and network
/// (the CIs it needs, from the CMDB), each resource with its headroom and forecast, and the layer whose resource
/// saturates first named as the bottleneck.
/// </summary>
internal static class BusinessCapacity
{
    internal static async Task<IResult> Endpoint(long id, int? days, HttpContext context, ICmdbDirectory cmdb, CapacityAnalysis analysis, TimeProvider clock, CancellationToken ct)
    {
        var period = Math.Clamp(days ?? 30, 7, 400);
        var business = (await cmdb.FactsAsync([id], ct)).GetValueOrDefault(id);
        if (business is null || business.Type != "business")
        {
            throw AppProblem.NotFound();
        }

        var cis = await cmdb.SelectAsync(new CiSelector(null, id, null, null), ct);
        var resources = await analysis.AnalyzeAsync(cis, period, RequestLanguage.Of(context), ct);
        var layers = CapacityLayers.Order
            .Select(layer => new CapacityLayerDto(
                layer,
                cis.Count(c => CapacityLayers.Of(c.Type) == layer),
                resources.Where(r => r.Dto.Layer == layer).OrderBy(r => r.Forecast.FullAt ?? long.MaxValue).ThenBy(r => r.Dto.Headroom ?? 1).Select(r => r.Dto).ToList()))
            .ToList();
        var ranked = Saturation.Bottleneck(resources.Select(r => r.Ranked));
        BottleneckDto? bottleneck = null;
        if (ranked is not null)
        {
            var r = resources.First(x => ReferenceEquals(x.Forecast, ranked.Forecast)).Dto;
            bottleneck = new BottleneckDto(r.Layer, r.CiId, r.CiCode, r.Name, r.Instance, r.Forecast.DaysUntilFull, r.Headroom, r.Forecast.Reason);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() / CapacityAnalysis.HourMs * CapacityAnalysis.HourMs;
        return Results.Ok(new BusinessCapacityDto(business.Id, business.Code, business.Name, period, now - (period * 24 * CapacityAnalysis.HourMs), now, layers, bottleneck));
    }
}
