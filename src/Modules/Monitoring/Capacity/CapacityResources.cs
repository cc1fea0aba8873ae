namespace HospitalOps.Monitoring.Capacity;

/// <summary>
/// A kind of resource that fills up, as PromQL over what the collectors gather. <c>$ci</c> stands for the CIs
/// asked about. <see cref="Used"/> and <see cref="Capacity"/> give series keyed by <c>ci</c> plus <see cref="KeyLabels"/>;
/// a kind without a capacity query has a fixed capacity (100 %) or none (growth only).
/// </summary>
internal sealed record CapacityResourceKind(
    string Kind, string Layer, string NameZh, string NameEn, string Unit, string[] KeyLabels, string Used, string? Capacity, double? FixedCapacity);

/// <summary>The layers of a business system, top down, as the capacity page shows them (the OBASHI view).</summary>
internal static class CapacityLayers
{
    public const string Middleware = "middleware";
    public const string Database = "database";
    public const string Server = "server";
    public const string Storage = "storage";
    public const string Network = "network";

    public static readonly string[] Order = [Middleware, Database, Server, Storage, Network];

    /// <summary>The layer of a CI, by its CMDB type; null for what holds no capacity of its own (applications, people …).</summary>
    public static string? Of(string ciType) => ciType switch
    {
        "middleware" or "integration-platform" => Middleware,
        "database" => Database,
        "os-instance" or "vm" or "hypervisor-host" or "physical-server" => Server,
        "storage-system" or "volume" => Storage,
        "network-device" or "link" => Network,
        _ => null,
    };

    public static readonly IReadOnlyList<CapacityResourceKind> Kinds =
    [
        new("filesystem", Server, "文件系统", "File system", "bytes", ["mountpoint"],
            "max by (ci, mountpoint) (node_filesystem_size_bytes{ci=~\"$ci\",fstype!~\"tmpfs|devtmpfs|overlay|squashfs|rootfs|nsfs\"} - node_filesystem_avail_bytes{ci=~\"$ci\",fstype!~\"tmpfs|devtmpfs|overlay|squashfs|rootfs|nsfs\"})",
            "max by (ci, mountpoint) (node_filesystem_size_bytes{ci=~\"$ci\",fstype!~\"tmpfs|devtmpfs|overlay|squashfs|rootfs|nsfs\"})", null),
        new("memory", Server, "内存", "Memory", "bytes", [],
            "max by (ci) (node_memory_MemTotal_bytes{ci=~\"$ci\"} - node_memory_MemAvailable_bytes{ci=~\"$ci\"})",
            "max by (ci) (node_memory_MemTotal_bytes{ci=~\"$ci\"})", null),
        new("cpu", Server, "CPU", "CPU", "percent", [],
            "100 * sum by (ci) (rate(node_cpu_seconds_total{ci=~\"$ci\",mode!=\"idle\"}[1h])) / count by (ci) (count by (ci, cpu) (node_cpu_seconds_total{ci=~\"$ci\"}))",
            null, 100),
        new("oracle-tablespace", Database, "表空间", "Tablespace", "bytes", ["tablespace"],
            "max by (ci, tablespace) (oracle_tablespace_used_bytes{ci=~\"$ci\"})", "max by (ci, tablespace) (oracle_tablespace_size_bytes{ci=~\"$ci\"})", null),
        new("dm-tablespace", Database, "表空间", "Tablespace", "bytes", ["tablespace"],
            "max by (ci, tablespace) (dm_tablespace_size_bytes{ci=~\"$ci\"} - dm_tablespace_free_bytes{ci=~\"$ci\"})", "max by (ci, tablespace) (dm_tablespace_size_bytes{ci=~\"$ci\"})", null),
        new("pg-database", Database, "数据库大小", "Database size", "bytes", ["datname"],
            "max by (ci, datname) (pg_database_size_bytes{ci=~\"$ci\"})", null, null),
        new("pg-connections", Database, "连接数", "Connections", "count", [],
            "sum by (ci) (pg_sessions{ci=~\"$ci\"})", "max by (ci) (pg_settings_max_connections{ci=~\"$ci\"})", null),
        new("weblogic-heap", Middleware, "JVM 堆", "JVM heap", "bytes", ["server"],
            "max by (ci, server) (weblogic_jvm_heap_size_bytes{ci=~\"$ci\"} - weblogic_jvm_heap_free_bytes{ci=~\"$ci\"})", "max by (ci, server) (weblogic_jvm_heap_max_bytes{ci=~\"$ci\"})", null),
        new("weblogic-threads", Middleware, "线程池", "Thread pool", "count", ["server"],
            "max by (ci, server) (weblogic_threadpool_total_threads{ci=~\"$ci\"} - weblogic_threadpool_idle_threads{ci=~\"$ci\"})", null, null),
        new("tomcat-heap", Middleware, "JVM 堆", "JVM heap", "bytes", [],
            "max by (ci) (tomcat_jvm_memory_total_bytes{ci=~\"$ci\"} - tomcat_jvm_memory_free_bytes{ci=~\"$ci\"})", "max by (ci) (tomcat_jvm_memory_max_bytes{ci=~\"$ci\"})", null),
        new("tomcat-threads", Middleware, "线程", "Threads", "count", [],
            "max by (ci) (tomcat_threads_busy{ci=~\"$ci\"})", "max by (ci) (tomcat_threads_max{ci=~\"$ci\"})", null),
        new("storage-pool", Storage, "存储池", "Storage pool", "bytes", ["storage"],
            "max by (ci, storage) (snmp_storage_used_bytes{ci=~\"$ci\"})", "max by (ci, storage) (snmp_storage_size_bytes{ci=~\"$ci\"})", null),
        new("network-link", Network, "链路带宽", "Link bandwidth", "bitsps", ["if_name"],
            "max by (ci, if_name) (rate(snmp_if_in_octets_total{ci=~\"$ci\"}[1h]) * 8 or label_replace(rate(snmp_if_out_octets_total{ci=~\"$ci\"}[1h]) * 8, \"direction\", \"out\", \"\", \"\"))",
            "max by (ci, if_name) (snmp_if_speed_bits{ci=~\"$ci\"} > 0)", null),
    ];
}
