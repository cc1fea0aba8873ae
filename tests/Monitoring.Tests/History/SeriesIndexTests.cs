using Dapper;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.History;

/// <summary>The series index answers from memory; what other nodes (or an import) write to the database must still show.</summary>
public sealed class SeriesIndexTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Monitoring:SchedulerEnabled"] = "false" };

    private static SeriesLabels Up(string job) => SeriesLabels.Of("up", [new Label("job", job)]);

    private static async Task<List<string>> JobsAsync(ApiClient client)
    {
        var body = await (await client.GetAsync("/prometheus/api/v1/series?match[]=up")).JsonAsync();
        return body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("job").GetString()!).Order().ToList();
    }

    private static async Task<List<string>> EventuallyAsync(ApiClient client, Func<List<string>, bool> done)
    {
        var jobs = await JobsAsync(client);
        for (var i = 0; i < 100 && !done(jobs); i++)
        {
            await Task.Delay(100);
            jobs = await JobsAsync(client);
        }

        return jobs;
    }

    [Fact]
    public async Task SeriesCreatedHere_AreSeenAtOnce_ThoseCreatedOrRemovedElsewhere_Shortly()
    {
        await using var host = await TestHost.StartAsync(Settings);
        var admin = await host.AdminAsync();
        var index = host.Services.GetRequiredService<SeriesIndex>();
        index.RefreshInterval = TimeSpan.FromHours(1);
        index.RecountInterval = TimeSpan.FromHours(1);
        await index.ResolveAsync([Up("his")], default);
        (await JobsAsync(admin)).ShouldBe(["his"]);

        // This node's own new series need no refresh.
        await index.ResolveAsync([Up("emr")], default);
        (await JobsAsync(admin)).ShouldBe(["emr", "his"]);

        // Another node shares only the database.
        var otherNode = new SeriesIndex(host.Databases, TimeProvider.System);
        await otherNode.ResolveAsync([Up("lis")], default);
        (await JobsAsync(admin)).ShouldBe(["emr", "his"]);
        index.RefreshInterval = TimeSpan.FromMilliseconds(50);
        (await EventuallyAsync(admin, jobs => jobs.Contains("lis"))).ShouldBe(["emr", "his", "lis"]);

        // Removed elsewhere (retention on another node): noticed when the count no longer matches.
        await using (var connection = await host.Databases.History.OpenAsync())
        {
            var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM history_series WHERE labels LIKE '%his%'");
            await connection.ExecuteAsync("DELETE FROM history_postings WHERE series_id = @id", new { id });
            await connection.ExecuteAsync("DELETE FROM history_series WHERE id = @id", new { id });
        }

        index.RecountInterval = TimeSpan.FromMilliseconds(50);
        (await EventuallyAsync(admin, jobs => !jobs.Contains("his"))).ShouldBe(["emr", "lis"]);
    }
}
