namespace HospitalOps.Kernel.Data;

/// <summary>The configuration database and the history database, as the host configured them.</summary>
public sealed class Databases(Database config, Database history)
{
    public Database Config { get; } = config;

    public Database History { get; } = history;

    public Database this[DatabaseRole role] => role == DatabaseRole.Config ? Config : History;
}
