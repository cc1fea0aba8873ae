using System.Globalization;
using System.Net;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Discovery;

/// <summary>
/// What a node_exporter (or windows_exporter) body says about its host: name, OS and version,
/// kernel, CPUs, memory, real file systems and IP addresses.
/// </summary>
internal static class HostFacts
{
    private static readonly HashSet<string> PseudoFileSystems = new(StringComparer.Ordinal)
    {
        "tmpfs", "devtmpfs", "overlay", "squashfs", "proc", "sysfs", "cgroup", "cgroup2", "nsfs", "autofs", "devpts", "mqueue", "tracefs", "ramfs", "fuse.lxcfs",
    };

    /// <summary>The host's facts, or null when the body is not from a host exporter (no node_uname_info / windows_os_info).</summary>
    public static DiscoveredHost? Read(ReadOnlySpan<byte> body, bool openMetrics, long? ciId, string targetAddress)
    {
        string? hostName = null, os = null, osVersion = null, kernel = null;
        var cpus = new HashSet<string>(StringComparer.Ordinal);
        double memory = 0;
        var fileSystems = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        var reader = new ExpositionReader(body, openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText);
        while (reader.Next(out var entry))
        {
            if (entry.Kind != ExpositionEntryKind.Sample)
            {
                continue;
            }

            switch (entry.MetricNameString())
            {
                case "node_uname_info":
                    var uname = Labels(entry);
                    hostName = uname.GetValueOrDefault("nodename");
                    kernel = uname.GetValueOrDefault("release");
                    os ??= uname.GetValueOrDefault("sysname")?.ToLowerInvariant() == "linux" ? "linux" : "other";
                    break;
                case "node_os_info":
                    var info = Labels(entry);
                    var id = info.GetValueOrDefault("id")?.ToLowerInvariant() ?? string.Empty;
                    os = id.Contains("kylin", StringComparison.Ordinal) ? "kylin" : id.Contains("uos", StringComparison.Ordinal) || id.Contains("deepin", StringComparison.Ordinal) ? "uos" : "linux";
                    osVersion = info.GetValueOrDefault("pretty_name") ?? info.GetValueOrDefault("version");
                    break;
                case "windows_os_info":
                    var win = Labels(entry);
                    os = "windows";
                    osVersion = win.GetValueOrDefault("product");
                    kernel = win.GetValueOrDefault("version") ?? win.GetValueOrDefault("build_number");
                    break;
                case "windows_cs_hostname":
                    hostName ??= Labels(entry).GetValueOrDefault("hostname");
                    break;
                case "node_cpu_seconds_total" or "windows_cpu_time_total":
                    if (Labels(entry).TryGetValue(entry.MetricNameString().StartsWith("node", StringComparison.Ordinal) ? "cpu" : "core", out var cpu))
                    {
                        cpus.Add(cpu);
                    }

                    break;
                case "node_memory_MemTotal_bytes" or "windows_cs_physical_memory_bytes":
                    memory = entry.Value;
                    break;
                case "node_filesystem_size_bytes":
                    var fs = Labels(entry);
                    if (fs.TryGetValue("mountpoint", out var mount) && !PseudoFileSystems.Contains(fs.GetValueOrDefault("fstype") ?? string.Empty))
                    {
                        fileSystems[mount] = entry.Value;
                    }

                    break;
                case "node_network_address_info":
                    if (Labels(entry).TryGetValue("address", out var address) && IPAddress.TryParse(address, out var ip) && !IPAddress.IsLoopback(ip) && !ip.IsIPv6LinkLocal)
                    {
                        addresses.Add(address);
                    }

                    break;
            }
        }

        if (hostName is null || os is null)
        {
            return null;
        }

        if (Uri.TryCreate(targetAddress, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host, out var targetIp) && !IPAddress.IsLoopback(targetIp))
        {
            addresses.Add(targetIp.ToString());
        }

        return new DiscoveredHost(ciId, hostName, os, osVersion ?? string.Empty, kernel ?? string.Empty, cpus.Count, memory / (1024d * 1024 * 1024),
            fileSystems.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {f.Value / (1024d * 1024 * 1024):0.#}G")).ToList(), addresses.ToList());
    }

    private static Dictionary<string, string> Labels(ExpositionEntry entry)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in entry.Labels)
        {
            labels[label.NameString()] = label.ValueString();
        }

        return labels;
    }
}
