namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>Malformed BER; caught by <see cref="SnmpCodec.TryDecode"/>, never leaves it.</summary>
internal sealed class BerFormatException(string message) : Exception(message);
