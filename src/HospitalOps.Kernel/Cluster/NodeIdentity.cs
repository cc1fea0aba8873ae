using Microsoft.Extensions.Configuration;

namespace HospitalOps.Kernel.Cluster;

/// <summary>This node's name among the nodes sharing the databases (setting <c>NodeName</c>, else host name and process id).</summary>
public sealed class NodeIdentity(string name)
{
    public string Name { get; } = name;

    public static NodeIdentity From(IConfiguration configuration) =>
        new(configuration["NodeName"] is { Length: > 0 } node ? node : $"{Environment.MachineName}-{Environment.ProcessId}");
}
