namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>The MIB-II objects the collector reads (RFC 1213 system group, RFC 2863 ifTable and ifXTable, RFC 2790 hrStorageTable).</summary>
internal static class Mib2
{
    public static readonly SnmpOid SysDescr = SnmpOid.Parse("1.3.6.1.2.1.1.1.0");
    public static readonly SnmpOid SysObjectId = SnmpOid.Parse("1.3.6.1.2.1.1.2.0");
    public static readonly SnmpOid SysUpTime = SnmpOid.Parse("1.3.6.1.2.1.1.3.0");
    public static readonly SnmpOid SysName = SnmpOid.Parse("1.3.6.1.2.1.1.5.0");
    public static readonly SnmpOid SysLocation = SnmpOid.Parse("1.3.6.1.2.1.1.6.0");

    /// <summary>ifTable's ifEntry; columns are ifEntry.N.ifIndex.</summary>
    public static readonly SnmpOid IfEntry = SnmpOid.Parse("1.3.6.1.2.1.2.2.1");
    public static readonly SnmpOid IfDescr = IfEntry.Append(2);
    public static readonly SnmpOid IfSpeed = IfEntry.Append(5);
    public static readonly SnmpOid IfAdminStatus = IfEntry.Append(7);
    public static readonly SnmpOid IfOperStatus = IfEntry.Append(8);
    public static readonly SnmpOid IfInOctets = IfEntry.Append(10);
    public static readonly SnmpOid IfInDiscards = IfEntry.Append(13);
    public static readonly SnmpOid IfInErrors = IfEntry.Append(14);
    public static readonly SnmpOid IfOutOctets = IfEntry.Append(16);
    public static readonly SnmpOid IfOutDiscards = IfEntry.Append(19);
    public static readonly SnmpOid IfOutErrors = IfEntry.Append(20);

    /// <summary>ifXTable's ifXEntry (same ifIndex).</summary>
    public static readonly SnmpOid IfXEntry = SnmpOid.Parse("1.3.6.1.2.1.31.1.1.1");
    public static readonly SnmpOid IfName = IfXEntry.Append(1);
    public static readonly SnmpOid IfHcInOctets = IfXEntry.Append(6);
    public static readonly SnmpOid IfHcOutOctets = IfXEntry.Append(10);
    public static readonly SnmpOid IfHighSpeed = IfXEntry.Append(15);

    /// <summary>HOST-RESOURCES-MIB hrStorageEntry: file systems, memory and the pools of storage arrays and NAS.</summary>
    public static readonly SnmpOid HrStorageEntry = SnmpOid.Parse("1.3.6.1.2.1.25.2.3.1");
    public static readonly SnmpOid HrStorageDescr = HrStorageEntry.Append(3);
    public static readonly SnmpOid HrStorageAllocationUnits = HrStorageEntry.Append(4);
    public static readonly SnmpOid HrStorageSize = HrStorageEntry.Append(5);
    public static readonly SnmpOid HrStorageUsed = HrStorageEntry.Append(6);
}
