namespace HospitalOps.Cmdb.Model;

/// <summary>A CI type the product ships, on one of the service model's layers.</summary>
internal sealed record BuiltInType(string Code, string NameZh, string NameEn, string Layer, AttributeDefinition[] Attributes);

/// <summary>A relation type the product ships. Availability says how the relation carries failure (see <see cref="Availability"/>).</summary>
internal sealed record BuiltInRelationType(
    string Code, string NameZh, string NameEn, string InverseZh, string InverseEn,
    string SourceTypes, string TargetTypes, string Cardinality, bool Acyclic, string Availability);

/// <summary>
/// The CMDB's shipped model: the layers of the service model (OBASHI: business → application →
/// data → integration → OS → virtualisation → hardware → infrastructure, plus the people and
/// documents around them), the CI types on them and the relation types between them. Seeded at
/// start when missing; administrators then extend them (new attributes, new types) as data.
/// </summary>
internal static class BuiltInModel
{
    public static readonly IReadOnlyList<string> Layers =
        ["organisation", "business", "application", "data", "integration", "os", "virtualization", "hardware", "infrastructure", "device", "support"];

    public static readonly IReadOnlyList<string> Cardinalities = ["many-to-many", "many-to-one", "one-to-many", "one-to-one"];

    /// <summary>
    /// needs: the source is down when the target is down; needed-by: the reverse; member: the
    /// source is a member of the target (a cluster, up while minMembers members are up);
    /// backup: the source is a standby of the target (mode hot or cold); none: no effect.
    /// </summary>
    public static readonly IReadOnlyList<string> Availability = ["needs", "needed-by", "member", "backup", "none"];

    private static AttributeDefinition T(string name, string zh, string en) => AttributeDefinition.Text(name, zh, en);

    private static AttributeDefinition Ip(string name, string zh, string en) => AttributeDefinition.Of("ip", name, zh, en);

    public static readonly IReadOnlyList<BuiltInType> Types =
    [
        new("organisation", "组织机构", "Organisation", "organisation", [T("address", "地址", "Address")]),
        new("business", "业务系统", "Business system", "business",
        [
            new AttributeDefinition { Name = "level", LabelZh = "系统等级", LabelEn = "System level", Type = "enum", Values = ["1", "2", "3"], Required = true },
            AttributeDefinition.Of("orgUnit", "department", "业务科室", "Owner department"),
            AttributeDefinition.Of("orgUnit", "team", "维护团队", "Maintaining team"),
            T("vendor", "厂商", "Vendor"),
            T("database", "数据库", "Database"),
        ]),
        new("application", "应用系统", "Application system", "application", [T("version", "版本", "Version"), T("url", "访问地址", "URL")]),
        new("subsystem", "子系统/模块", "Subsystem / module", "application", [T("version", "版本", "Version")]),
        new("database", "数据库", "Database", "data",
        [
            AttributeDefinition.Enum("engine", "数据库类型", "Engine", "oracle", "sqlserver", "mysql", "postgresql", "cache-iris", "mongodb", "dm", "kingbase", "opengauss", "other"),
            T("version", "版本", "Version"), AttributeDefinition.Number("port", "端口", "Port"), AttributeDefinition.Of("secret", "password", "监控账号密码", "Monitoring password"),
        ]),
        new("middleware", "中间件", "Middleware", "data",
            [AttributeDefinition.Enum("product", "产品", "Product", "weblogic", "tomcat", "iis", "tongweb", "bes", "nginx", "other"), T("version", "版本", "Version"), AttributeDefinition.Number("port", "端口", "Port")]),
        new("integration-platform", "数据交换平台/集成引擎", "Integration platform", "integration", [T("product", "产品", "Product"), T("version", "版本", "Version")]),
        new("interface", "接口", "Interface", "integration",
        [
            AttributeDefinition.Enum("protocol", "协议", "Protocol", "hl7v2-mllp", "dicom", "http-rest", "soap", "db-link", "file-ftp", "message-queue"),
            T("endpoint", "端点", "Endpoint"), T("messageTypes", "消息类型", "Message types"),
        ]),
        new("os-instance", "操作系统实例", "Operating-system instance", "os",
            [
                AttributeDefinition.Enum("os", "操作系统", "OS", "linux", "windows", "kylin", "uos", "aix", "other"), T("version", "版本", "Version"), T("hostname", "主机名", "Host name"), Ip("ip", "IP 地址", "IP address"),
                T("kernel", "内核", "Kernel"), AttributeDefinition.Number("cpus", "CPU 数", "CPUs"), AttributeDefinition.Number("memoryGb", "内存(GB)", "Memory (GB)"),
                T("fileSystems", "文件系统", "File systems"), T("ipAddresses", "全部 IP 地址", "All IP addresses"),
            ]),
        new("vm", "虚拟机", "Virtual machine", "virtualization", [AttributeDefinition.Number("vcpu", "vCPU", "vCPU"), AttributeDefinition.Number("memoryGb", "内存(GB)", "Memory (GB)")]),
        new("hypervisor-host", "宿主机", "Hypervisor host", "virtualization", [T("product", "虚拟化平台", "Hypervisor"), Ip("managementIp", "管理 IP", "Management IP")]),
        new("cluster", "集群/资源池", "Cluster / resource pool", "virtualization",
            [AttributeDefinition.Number("minMembers", "最少存活成员数", "Minimum members up"), T("product", "产品", "Product")]),
        new("k8s-cluster", "Kubernetes 集群", "Kubernetes cluster", "virtualization", [T("version", "版本", "Version"), AttributeDefinition.Number("minMembers", "最少存活节点数", "Minimum nodes up")]),
        new("k8s-node", "Kubernetes 节点", "Kubernetes node", "virtualization", [Ip("ip", "IP 地址", "IP address")]),
        new("pod", "Pod", "Pod", "virtualization", [T("namespace", "命名空间", "Namespace")]),
        new("service", "服务", "Service", "application", [T("namespace", "命名空间", "Namespace"), AttributeDefinition.Number("port", "端口", "Port")]),
        new("physical-server", "物理服务器", "Physical server", "hardware",
            [T("vendor", "厂商", "Vendor"), T("model", "型号", "Model"), AttributeDefinition.Text("serial", "序列号", "Serial number", unique: true), T("rack", "机柜位置", "Rack"), Ip("managementIp", "带外管理 IP", "Out-of-band IP")]),
        new("storage-system", "存储系统", "Storage system", "hardware", [T("vendor", "厂商", "Vendor"), T("model", "型号", "Model"), AttributeDefinition.Number("capacityTb", "容量(TB)", "Capacity (TB)")]),
        new("volume", "卷/LUN", "Volume / LUN", "hardware", [AttributeDefinition.Number("sizeGb", "容量(GB)", "Size (GB)"), T("wwn", "WWN", "WWN")]),
        new("network-device", "网络设备", "Network device", "infrastructure",
            [AttributeDefinition.Enum("kind", "类型", "Kind", "core-switch", "access-switch", "router", "firewall", "load-balancer", "other"), T("model", "型号", "Model"), Ip("managementIp", "管理 IP", "Management IP")]),
        new("network-zone", "网络区域", "Network zone", "infrastructure", [Ip("cidr", "网段", "CIDR"), T("purpose", "用途", "Purpose")]),
        new("ip-address", "IP 地址", "IP address", "infrastructure", [new AttributeDefinition { Name = "address", LabelZh = "地址", LabelEn = "Address", Type = "ip", Required = true, Unique = true }]),
        new("link", "链路/专线", "Link / circuit", "infrastructure", [T("provider", "运营商", "Provider"), AttributeDefinition.Number("bandwidthMbps", "带宽(Mbps)", "Bandwidth (Mbps)")]),
        new("modality", "医疗设备/影像设备", "Medical device / modality", "device",
        [
            AttributeDefinition.Enum("modality", "设备类型", "Modality", "CT", "MR", "DR", "CR", "US", "ES", "PATH", "other"),
            AttributeDefinition.Text("aeTitle", "AE Title", "AE title"), Ip("ip", "IP 地址", "IP address"), AttributeDefinition.Number("port", "端口", "Port"),
            T("vendor", "厂商", "Vendor"), AttributeDefinition.Of("orgUnit", "department", "所在科室", "Department"),
        ]),
        new("document", "文档", "Document", "support", [T("url", "链接", "Link"), T("kind", "类别", "Kind")]),
        new("person", "人员", "Person", "support", [T("phone", "电话", "Phone"), T("email", "邮箱", "E-mail"), AttributeDefinition.Of("orgUnit", "orgUnit", "所属单位", "Unit"), T("userName", "平台账号", "Platform user name")]),
        new("team", "团队/角色", "Team / role", "support", [AttributeDefinition.Of("orgUnit", "orgUnit", "对应单位", "Unit"), T("phone", "值班电话", "Duty phone")]),
        new("vendor", "厂商", "Vendor", "support", [T("contact", "联系人", "Contact"), T("hotline", "服务热线", "Hotline")]),
        new("contract", "维保合同", "Maintenance contract", "support",
            [AttributeDefinition.Of("ref", "vendor", "厂商", "Vendor", refType: "vendor"), AttributeDefinition.Of("date", "start", "开始日期", "Start"), AttributeDefinition.Of("date", "end", "结束日期", "End"), T("sla", "服务级别", "Service level")]),
    ];

    private const string Compute = "application subsystem database middleware integration-platform os-instance pod service vm k8s-node hypervisor-host";
    private const string Platforms = "os-instance vm hypervisor-host cluster physical-server k8s-cluster k8s-node pod";

    public static readonly IReadOnlyList<BuiltInRelationType> RelationTypes =
    [
        new("depends-on", "依赖", "depends on", "被依赖", "is needed by", "*", "*", "many-to-many", false, "needs"),
        new("uses", "使用", "uses", "被使用", "is used by", "*", "*", "many-to-many", false, "needs"),
        new("runs-on", "运行于", "runs on", "运行", "runs", Compute, Platforms, "many-to-many", true, "needs"),
        new("hosted-on", "承载于", "is hosted on", "承载", "hosts", "*", "*", "many-to-many", false, "needs"),
        new("member-of", "成员", "is a member of", "包含成员", "has member", "*", "cluster k8s-cluster", "many-to-many", true, "member"),
        new("composed-of", "组成", "is composed of", "组成部分", "is part of", "*", "*", "many-to-many", true, "needs"),
        new("maintains", "维护", "maintains", "由…维护", "is maintained by", "person team vendor", "*", "many-to-many", false, "none"),
        new("backs-up", "备份", "is a standby of", "备机", "has standby", "*", "*", "many-to-one", false, "backup"),
        new("accesses", "访问", "accesses", "被访问", "is accessed by", "*", "*", "many-to-many", false, "needs"),
        new("connects-to", "连接", "connects to", "被连接", "is connected from", "*", "network-device link network-zone cluster", "many-to-many", false, "needs"),
        new("provides", "提供", "provides", "由…提供", "is provided by", "application subsystem integration-platform business", "interface", "one-to-many", false, "needed-by"),
        new("consumes", "使用接口", "consumes", "被调用方", "is consumed by", "application subsystem integration-platform business modality", "interface", "many-to-many", false, "needs"),
        new("located-in", "位于", "is located in", "包含", "contains", "*", "network-zone", "many-to-one", false, "none"),
        new("describes", "说明", "describes", "相关文档", "is described by", "document", "*", "many-to-many", false, "none"),
    ];
}
