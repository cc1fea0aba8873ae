using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>The failure codes of SNMP collection, with their zh-CN and en texts.</summary>
internal static class SnmpErrors
{
    public const string Timeout = "monitoring.snmp.timeout";
    public const string ErrorStatus = "monitoring.snmp.error_status";
    public const string Malformed = "monitoring.snmp.malformed";
    public const string TooManyVarBinds = "monitoring.snmp.too_many_varbinds";
    public const string InvalidOid = "monitoring.snmp.invalid_oid";
    public const string Unreachable = "monitoring.snmp.unreachable";

    public static void Register()
    {
        ErrorCatalog.Register(Timeout,
            "SNMP 设备 {target} 在 {seconds} 秒内（共尝试 {attempts} 次）没有应答。请检查设备地址、UDP 端口、团体名（团体名错误时设备不会应答）以及防火墙。",
            "The SNMP agent {target} did not answer within {seconds} s ({attempts} attempts). Check the address, UDP port, community (agents stay silent on a wrong community) and firewalls.");
        ErrorCatalog.Register(ErrorStatus,
            "SNMP 设备 {target} 返回错误：{status}（第 {index} 个变量 {oid}）。",
            "The SNMP agent {target} answered with error {status} (variable {index}, {oid}).");
        ErrorCatalog.Register(Malformed,
            "SNMP 设备 {target} 的应答格式不正确：{reason}。",
            "The SNMP agent {target} sent a malformed answer: {reason}.");
        ErrorCatalog.Register(TooManyVarBinds,
            "遍历 {oid} 时 SNMP 设备 {target} 返回的数据超过上限（{limit}），已停止采集。请缩小采集范围或调大上限。",
            "Walking {oid} on the SNMP agent {target} returned more than the limit ({limit}); collection stopped. Narrow the subtree or raise the limit.");
        ErrorCatalog.Register(InvalidOid,
            "OID “{oid}” 无效：{reason}。OID 应为以点分隔的数字，例如 1.3.6.1.2.1.1.5.0。",
            "The OID \"{oid}\" is invalid: {reason}. An OID is dot-separated numbers, e.g. 1.3.6.1.2.1.1.5.0.");
        ErrorCatalog.Register(Unreachable,
            "无法连接 SNMP 设备 {target}：{reason}。",
            "Cannot reach the SNMP agent {target}: {reason}.");
    }
}
