namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>An SNMPv2c message: version (1 = v2c), community, PDU (RFC 1901).</summary>
internal sealed record SnmpMessage(int Version, byte[] Community, SnmpPdu Pdu)
{
    public const int VersionV2c = 1;
}
