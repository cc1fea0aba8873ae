namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>One name/value pair of a PDU's variable-bindings.</summary>
internal sealed record SnmpVarBind(SnmpOid Oid, SnmpValue Value)
{
    /// <summary>A request varbind: the name with a NULL value.</summary>
    public static SnmpVarBind Request(SnmpOid oid) => new(oid, SnmpValue.Null);
}
