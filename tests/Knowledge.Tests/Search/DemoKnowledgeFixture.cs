using HospitalOps.Kernel.Demo;
using HospitalOps.Knowledge.Demo;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Knowledge.Tests.Search;

/// <summary>A host with the demo hospital's people, CMDB and knowledge base (loaded twice, to show loading again changes nothing).</summary>
public sealed class DemoKnowledgeFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public ApiClient Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var part in Host.Services.GetServices<IDemoData>().Where(d => d.Order <= 30 || d is KnowledgeDemo).OrderBy(d => d.Order))
            {
                await part.LoadAsync(default);
            }
        }

        (Reader, _) = await Host.UserAsync("reader", "readonly");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
