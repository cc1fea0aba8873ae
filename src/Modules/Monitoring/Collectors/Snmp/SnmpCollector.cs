using System.Globalization;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// Collects the standard MIB-II objects of an SNMP agent (system group, ifTable + ifXTable, hrStorageTable) and
/// user-configured extra OIDs into a <see cref="SampleBatch"/>. Objects the agent lacks are left
/// out; a failure of the agent or the exchange is a <see cref="CollectionFailure"/>.
/// </summary>
internal static class SnmpCollector
{
    // Extra OIDs are read a few per GET so the answer stays well inside one datagram.
    private const int OidsPerGet = 16;

    private static readonly SnmpOid[] InterfaceColumns =
    [
        Mib2.IfDescr, Mib2.IfSpeed, Mib2.IfAdminStatus, Mib2.IfOperStatus, Mib2.IfInOctets, Mib2.IfInDiscards,
        Mib2.IfInErrors, Mib2.IfOutOctets, Mib2.IfOutDiscards, Mib2.IfOutErrors,
        Mib2.IfName, Mib2.IfHcInOctets, Mib2.IfHcOutOctets, Mib2.IfHighSpeed,
    ];

    public static async Task CollectAsync(SnmpClient client, IReadOnlyList<SnmpOid> extraOids, SampleBatch batch, CancellationToken cancellationToken)
    {
        await CollectSystemAsync(client, batch, cancellationToken);
        await CollectInterfacesAsync(client, batch, cancellationToken);
        await CollectStorageAsync(client, batch, cancellationToken);
        await CollectExtraOidsAsync(client, extraOids, batch, cancellationToken);
    }

    /// <summary>snmp_sys_uptime_seconds and snmp_system_info{sys_name, sys_descr, sys_object_id, sys_location} = 1.</summary>
    public static async Task CollectSystemAsync(SnmpClient client, SampleBatch batch, CancellationToken cancellationToken)
    {
        var values = await client.GetAsync([Mib2.SysDescr, Mib2.SysObjectId, Mib2.SysUpTime, Mib2.SysName, Mib2.SysLocation], cancellationToken);
        string Text(int i) => values[i].Value.IsException ? "" : values[i].Value.AsText();

        if (values[2].Value.Type == SnmpType.TimeTicks)
        {
            batch.Add("snmp_sys_uptime_seconds", values[2].Value.Unsigned / 100.0);
        }

        batch.Add("snmp_system_info", 1,
            new Label("sys_name", Text(3)),
            new Label("sys_descr", Text(0)),
            new Label("sys_object_id", Text(1)),
            new Label("sys_location", Text(4)));
    }

    /// <summary>The snmp_if_* series, one set per ifIndex, labelled if_index, if_name, if_descr.</summary>
    public static async Task CollectInterfacesAsync(SnmpClient client, SampleBatch batch, CancellationToken cancellationToken)
    {
        // column → ifIndex → value
        var columns = new Dictionary<SnmpOid, Dictionary<uint, SnmpValue>>();
        var indexes = new SortedSet<uint>();
        foreach (var column in InterfaceColumns)
        {
            var rows = new Dictionary<uint, SnmpValue>();
            foreach (var varBind in await client.WalkAsync(column, cancellationToken))
            {
                var suffix = varBind.Oid.SuffixAfter(column);
                if (suffix.Length == 1 && !varBind.Value.IsException)
                {
                    rows[suffix[0]] = varBind.Value;
                    indexes.Add(suffix[0]);
                }
            }

            columns[column] = rows;
        }

        foreach (var index in indexes)
        {
            SnmpValue? Cell(SnmpOid column) => columns[column].GetValueOrDefault(index);
            double? Number(SnmpOid column) => Cell(column)?.AsNumber();

            var descr = Cell(Mib2.IfDescr)?.AsText() ?? "";
            var name = Cell(Mib2.IfName)?.AsText() is { Length: > 0 } n ? n : descr;
            Label[] labels =
            [
                new("if_index", index.ToString(CultureInfo.InvariantCulture)),
                new("if_name", name),
                new("if_descr", descr),
            ];

            void Emit(string metric, double? value)
            {
                if (value is { } v)
                {
                    batch.Add(metric, v, labels);
                }
            }

            Emit("snmp_if_in_octets_total", Number(Mib2.IfHcInOctets) ?? Number(Mib2.IfInOctets));
            Emit("snmp_if_out_octets_total", Number(Mib2.IfHcOutOctets) ?? Number(Mib2.IfOutOctets));
            Emit("snmp_if_in_errors_total", Number(Mib2.IfInErrors));
            Emit("snmp_if_out_errors_total", Number(Mib2.IfOutErrors));
            Emit("snmp_if_in_discards_total", Number(Mib2.IfInDiscards));
            Emit("snmp_if_out_discards_total", Number(Mib2.IfOutDiscards));
            Emit("snmp_if_oper_status", Number(Mib2.IfOperStatus));
            Emit("snmp_if_admin_status", Number(Mib2.IfAdminStatus));
            Emit("snmp_if_speed_bits", Speed(Number(Mib2.IfHighSpeed), Number(Mib2.IfSpeed)));
        }
    }

    /// <summary>
    /// snmp_storage_size_bytes and snmp_storage_used_bytes per hrStorage row (labelled storage_index and storage, its
    /// description): sizes are in allocation units on the wire, so they are multiplied out. An agent without the
    /// table gives nothing.
    /// </summary>
    public static async Task CollectStorageAsync(SnmpClient client, SampleBatch batch, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<SnmpOid, Dictionary<uint, SnmpValue>>();
        foreach (var column in new[] { Mib2.HrStorageDescr, Mib2.HrStorageAllocationUnits, Mib2.HrStorageSize, Mib2.HrStorageUsed })
        {
            var rows = new Dictionary<uint, SnmpValue>();
            foreach (var varBind in await client.WalkAsync(column, cancellationToken))
            {
                var suffix = varBind.Oid.SuffixAfter(column);
                if (suffix.Length == 1 && !varBind.Value.IsException)
                {
                    rows[suffix[0]] = varBind.Value;
                }
            }

            columns[column] = rows;
        }

        foreach (var (index, descr) in columns[Mib2.HrStorageDescr])
        {
            if (columns[Mib2.HrStorageAllocationUnits].GetValueOrDefault(index)?.AsNumber() is not { } units || units <= 0)
            {
                continue;
            }

            Label[] labels = [new("storage_index", index.ToString(CultureInfo.InvariantCulture)), new("storage", descr.AsText())];
            if (columns[Mib2.HrStorageSize].GetValueOrDefault(index)?.AsNumber() is { } size)
            {
                batch.Add("snmp_storage_size_bytes", size * units, labels);
            }

            if (columns[Mib2.HrStorageUsed].GetValueOrDefault(index)?.AsNumber() is { } used)
            {
                batch.Add("snmp_storage_used_bytes", used * units, labels);
            }
        }
    }

    /// <summary>Each extra OID holding a number (or text that is one) as snmp_oid_value{oid}; others are left out.</summary>
    public static async Task CollectExtraOidsAsync(SnmpClient client, IReadOnlyList<SnmpOid> oids, SampleBatch batch, CancellationToken cancellationToken)
    {
        foreach (var chunk in oids.Distinct().Chunk(OidsPerGet))
        {
            foreach (var varBind in await client.GetAsync(chunk, cancellationToken))
            {
                if (varBind.Value.AsNumber() is { } value)
                {
                    batch.Add("snmp_oid_value", value, new Label("oid", varBind.Oid.ToString()));
                }
            }
        }
    }

    /// <summary>
    /// ifHighSpeed (Mbit/s) when the agent has it, since ifSpeed saturates at 4.29 Gbit/s; but ifSpeed
    /// when ifHighSpeed rounds a slower link down to 0.
    /// </summary>
    private static double? Speed(double? highSpeedMbps, double? speedBits) =>
        highSpeedMbps switch
        {
            > 0 => highSpeedMbps.Value * 1e6,
            0 when speedBits is > 0 => speedBits,
            { } zero => zero,
            null => speedBits,
        };
}
