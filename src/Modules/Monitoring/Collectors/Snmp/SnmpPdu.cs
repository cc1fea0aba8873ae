namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// One PDU. For GetBulkRequest the two middle fields are non-repeaters and max-repetitions
/// (same position on the wire as error-status and error-index, RFC 3416 §3).
/// </summary>
internal sealed record SnmpPdu(SnmpPduType Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<SnmpVarBind> VarBinds)
{
    public int NonRepeaters => ErrorStatus;

    public int MaxRepetitions => ErrorIndex;
}
