namespace HospitalOps.Monitoring.History;

/// <summary>This node's name among the nodes sharing the databases (setting <c>NodeName</c>, else host name and process id).</summary>
internal sealed class NodeIdentity(string name)
{
    public string Name { get; } = name;
}
