namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>The record types the DNS probe asks for (RFC 1035 / RFC 3596 type codes).</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    Aaaa = 28,
}
