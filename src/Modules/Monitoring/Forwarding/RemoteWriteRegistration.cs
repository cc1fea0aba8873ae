using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.History;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.Forwarding;

/// <summary>Wires remote-write forwarding in only when <c>Monitoring:RemoteWrite:Url</c> is set.</summary>
internal static class RemoteWriteRegistration
{
    public const string Section = "Monitoring:RemoteWrite";

    public static IServiceCollection AddRemoteWrite(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RemoteWriteOptions>(configuration.GetSection(Section));
        if (string.IsNullOrWhiteSpace(configuration[$"{Section}:Url"]))
        {
            return services;
        }

        services.AddHttpClient(RemoteWriteForwarder.HttpClientName);
        services.AddSingleton(sp => new RemoteWriteForwarder(
            sp.GetRequiredService<IOptions<RemoteWriteOptions>>().Value,
            sp.GetRequiredService<SeriesIndex>().LabelsAsync,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<MetricsRegistry>(),
            sp.GetRequiredService<ILogger<RemoteWriteForwarder>>()));
        services.AddSingleton<ISampleTap>(sp => sp.GetRequiredService<RemoteWriteForwarder>());
        services.AddHostedService(sp => sp.GetRequiredService<RemoteWriteForwarder>());
        return services;
    }
}
