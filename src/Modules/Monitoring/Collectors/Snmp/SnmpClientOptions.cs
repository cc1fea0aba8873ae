namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>Where and how an <see cref="SnmpClient"/> asks: agent, community, patience and walk limits.</summary>
internal sealed record SnmpClientOptions(string Host, string Community)
{
    public int Port { get; init; } = 161;

    /// <summary>How long one attempt waits for the answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after the first one (the same request, resent).</summary>
    public int Retries { get; init; } = 1;

    /// <summary>max-repetitions of the GETBULK requests of a walk.</summary>
    public int MaxRepetitions { get; init; } = 25;

    /// <summary>A walk returning more varbinds than this fails with monitoring.snmp.too_many_varbinds.</summary>
    public int MaxWalkVarBinds { get; init; } = 10_000;

    /// <summary>A walk whose values add up to more than this fails with monitoring.snmp.too_many_varbinds too.</summary>
    public long MaxWalkBytes { get; init; } = 16 * 1024 * 1024;

    public string Target => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
