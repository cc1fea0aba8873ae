using System.Net;
using System.Text.Json;

namespace HospitalOps.Tests.Support;

/// <summary>Helpers over the monitoring and CMDB APIs for the tests.</summary>
public static class MonitoringApi
{
    /// <summary>Settings for a test host whose collections the test drives itself.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Manual = new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" };

    public static async Task<long> CiAsync(this ApiClient client, string type, string code, string name, object? attributes = null)
    {
        var response = await client.PostAsync("/api/v1/cmdb/cis", new { type, code, name, attributes = attributes ?? new { } });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create {type} {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> TargetAsync(this ApiClient client, object request)
    {
        var response = await client.PostAsync("/api/v1/monitoring/targets", request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create target: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.JsonAsync();
    }

    public static async Task<JsonElement> CollectAsync(this ApiClient client, long targetId)
    {
        var response = await client.PostAsync($"/api/v1/monitoring/targets/{targetId}/collect");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    public static async Task<List<JsonElement>> LatestAsync(this ApiClient client, long targetId)
    {
        var response = await client.GetAsync($"/api/v1/monitoring/targets/{targetId}/latest");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).EnumerateArray().ToList();
    }

    public static JsonElement? Find(this List<JsonElement> latest, string metric, params (string Name, string Value)[] labels) =>
        latest.Cast<JsonElement?>().FirstOrDefault(l => l!.Value.GetProperty("metric").GetString() == metric
            && labels.All(x => l.Value.GetProperty("labels").TryGetProperty(x.Name, out var v) && v.GetString() == x.Value));

    public static async Task<string?> FieldErrorAsync(this HttpResponseMessage response, string field) =>
        (await response.JsonAsync()).TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var e) ? e.GetProperty("code").GetString() : null;
}
