namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>The PDU tags of RFC 3416 §3 this client sends or understands.</summary>
internal enum SnmpPduType : byte
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    Response = 0xA2,
    SetRequest = 0xA3,
    GetBulkRequest = 0xA5,
    InformRequest = 0xA6,
    SnmpV2Trap = 0xA7,
    Report = 0xA8,
}
