using System.Globalization;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Demo;

/// <summary>
/// The demo's storage arrays and network devices, as their SNMP agents would report them: storage pools (the
/// imaging array's pool filling with PACS studies) and switch uplinks (the radiology access switch busy in the day).
/// </summary>
internal sealed partial class MonitoringDemo
{
    private TargetPlan StorageArray(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var capacityTb = ci.Attributes.TryGetValue("capacityTb", out var c) && double.TryParse(c, CultureInfo.InvariantCulture, out var tb) ? tb : 100;
        var imaging = ci.Code == "storage-imaging";
        double Fraction(long t) => Math.Min(MaxFraction, 1 - ((_end - t) / (double)(Days * Day)));
        var fast = capacityTb * 0.4e12;
        var bulk = capacityTb * 0.6e12;

        // PACS studies arrive in the day: the imaging pool grows about 0.5 % of its size a day, mostly in work hours.
        Generator bulkUsed = imaging
            ? t => bulk * (0.71 + (0.035 * Fraction(t)) + (0.0015 * DemoRhythm.Activity(t)))
            : t => bulk * (0.52 + (0.002 * Unit(seed, t / 3_600_000)));
        var host = ci.Attributes.GetValueOrDefault("managementIp", "10.0.9." + ((seed % 200) + 10).ToString(CultureInfo.InvariantCulture));
        return new TargetPlan(Request(ci, "snmp", ci.Name + " SNMP", host), ci,
        [
            new("snmp_sys_uptime_seconds", [], t => 86_400 * 40 + ((t - _end) / 1000.0)),
            new("snmp_storage_size_bytes", [new("storage_index", "1"), new("storage", "StoragePool001 (SSD)")], _ => fast),
            new("snmp_storage_used_bytes", [new("storage_index", "1"), new("storage", "StoragePool001 (SSD)")], t => fast * (0.46 + (0.01 * Unit(seed + 1, t / 3_600_000)))),
            new("snmp_storage_size_bytes", [new("storage_index", "2"), new("storage", "StoragePool002 (NL-SAS)")], _ => bulk),
            new("snmp_storage_used_bytes", [new("storage_index", "2"), new("storage", "StoragePool002 (NL-SAS)")], bulkUsed),
        ]);
    }

    private TargetPlan NetworkDevice(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var core = ci.Attributes.GetValueOrDefault("kind") == "core-switch";
        var radiology = ci.Code == "access-sw-radiology";
        var speed = core ? 40e9 : 10e9;

        // Bytes per second on the uplink: daytime traffic, and image transfers for the radiology switch.
        double Load(long t) => Math.Max(0, (radiology ? 0.45 : core ? 0.18 : 0.08) * DemoRhythm.Activity(t) * speed / 8 * (1 + (0.1 * DemoRhythm.Noise(seed, t))));
        Label[] uplink = [new("if_index", "1"), new("if_name", core ? "40GE1/0/1" : "XGE1/0/49"), new("if_descr", "uplink")];
        var host = ci.Attributes.GetValueOrDefault("managementIp", "10.0.0.254");
        return new TargetPlan(Request(ci, "snmp", ci.Name + " SNMP", host), ci,
        [
            new("snmp_sys_uptime_seconds", [], t => 86_400 * 120 + ((t - _end) / 1000.0)),
            new("snmp_if_speed_bits", uplink, _ => speed),
            new("snmp_if_oper_status", uplink, _ => 1),
            new("snmp_if_admin_status", uplink, _ => 1),
            Counter("snmp_if_in_octets_total", uplink, Load),
            Counter("snmp_if_out_octets_total", uplink, t => 0.6 * Load(t)),
        ]);
    }
}
