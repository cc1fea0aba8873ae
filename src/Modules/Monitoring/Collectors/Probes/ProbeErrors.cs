using System.Globalization;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>Failure codes of the network probes (ICMP, TCP, HTTP, DNS) with their zh-CN and en text.</summary>
internal static class ProbeErrors
{
    public const string Timeout = "monitoring.probe.timeout";
    public const string ConnectionRefused = "monitoring.probe.connection_refused";
    public const string DnsFailed = "monitoring.probe.dns_failed";
    public const string NetworkError = "monitoring.probe.network_error";
    public const string NoReply = "monitoring.probe.no_reply";
    public const string HttpStatus = "monitoring.probe.http_status";
    public const string BodyMismatch = "monitoring.probe.body_mismatch";
    public const string TlsError = "monitoring.probe.tls_error";
    public const string DnsRcode = "monitoring.probe.dns_rcode";
    public const string DnsNoAnswer = "monitoring.probe.dns_no_answer";
    public const string DnsUnexpectedAddress = "monitoring.probe.dns_unexpected_address";
    public const string DnsMalformed = "monitoring.probe.dns_malformed";

    /// <summary>A timeout as the messages show it: "0.5 s", "10 s".</summary>
    public static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static void Register()
    {
        ErrorCatalog.Register(Timeout,
            "探测 {target} 超时（{timeout} 内无响应）。",
            "Probing {target} timed out (no answer within {timeout}).");
        ErrorCatalog.Register(ConnectionRefused,
            "{target} 拒绝连接，端口未监听或被防火墙拒绝。",
            "{target} refused the connection: nothing listens on the port or a firewall rejects it.");
        ErrorCatalog.Register(DnsFailed,
            "无法解析主机名 {host}：{reason}",
            "Could not resolve the host name {host}: {reason}");
        ErrorCatalog.Register(NetworkError,
            "访问 {target} 时网络出错：{reason}",
            "Network error while reaching {target}: {reason}");
        ErrorCatalog.Register(NoReply,
            "{target} 未回应任何 ICMP 回显请求（共发送 {sent} 个）。",
            "{target} answered none of the {sent} ICMP echo requests.");
        ErrorCatalog.Register(HttpStatus,
            "{target} 返回状态码 {status}，期望 {expected}。",
            "{target} answered status {status}, expected {expected}.");
        ErrorCatalog.Register(BodyMismatch,
            "{target} 的响应内容不符合预期：{reason}",
            "The response of {target} does not match the rule: {reason}");
        ErrorCatalog.Register(TlsError,
            "与 {target} 建立 TLS 连接失败：{reason}",
            "The TLS handshake with {target} failed: {reason}");
        ErrorCatalog.Register(DnsRcode,
            "DNS 服务器 {server} 查询 {name} 返回错误码 {rcode}。",
            "The DNS server {server} answered {rcode} for {name}.");
        ErrorCatalog.Register(DnsNoAnswer,
            "DNS 服务器 {server} 没有返回 {name} 的 {type} 记录。",
            "The DNS server {server} returned no {type} record for {name}.");
        ErrorCatalog.Register(DnsUnexpectedAddress,
            "{name} 解析结果中没有期望的地址 {expected}（实际：{actual}）。",
            "The answers for {name} do not contain the expected address {expected} (got: {actual}).");
        ErrorCatalog.Register(DnsMalformed,
            "DNS 服务器 {server} 的应答格式错误：{reason}",
            "The DNS server {server} sent a malformed answer: {reason}");
    }
}
