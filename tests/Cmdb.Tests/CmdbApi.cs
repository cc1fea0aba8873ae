using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests;

/// <summary>Small helpers over the CMDB API for the tests' hand-built scenarios.</summary>
internal static class CmdbApi
{
    public static async Task<long> CiAsync(this ApiClient client, string type, string code, string name, object? attributes = null)
    {
        var response = await client.PostAsync("/api/v1/cmdb/cis", new { type, code, name, attributes = attributes ?? new { } });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create {type} {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> RelateAsync(this ApiClient client, string type, long source, long target, object? attributes = null) =>
        client.PostAsync("/api/v1/cmdb/relations", new { type, sourceId = source, targetId = target, attributes });

    public static async Task<string?> FieldErrorAsync(this HttpResponseMessage response, string field) =>
        (await response.JsonAsync()).TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var e) ? e.GetProperty("code").GetString() : null;
}
