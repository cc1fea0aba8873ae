using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>The failure reasons of the NTP clock-offset probe, in zh-CN and en.</summary>
internal static class NtpErrors
{
    public const string Timeout = "monitoring.ntp.timeout";
    public const string KissOfDeath = "monitoring.ntp.kiss_of_death";
    public const string Unsynchronised = "monitoring.ntp.unsynchronised";
    public const string Malformed = "monitoring.ntp.malformed";
    public const string OriginMismatch = "monitoring.ntp.origin_mismatch";
    public const string Unreachable = "monitoring.ntp.unreachable";

    public static void Register()
    {
        ErrorCatalog.Register(Timeout,
            "NTP 服务器在 {timeout} 秒内没有应答，请检查服务器地址、UDP {port} 端口和防火墙。",
            "The NTP server did not answer within {timeout} s; check the address, UDP port {port} and the firewall.");
        ErrorCatalog.Register(KissOfDeath,
            "NTP 服务器拒绝提供时间（Kiss-o'-Death 代码 {code}），例如 RATE 表示查询过于频繁，DENY 表示不允许本机访问。",
            "The NTP server refused to serve time (Kiss-o'-Death code {code}); e.g. RATE means too many queries, DENY means access is denied.");
        ErrorCatalog.Register(Unsynchronised,
            "NTP 服务器自身未同步（{reason}），它给出的时间不可信。",
            "The NTP server is not synchronised itself ({reason}); its time cannot be trusted.");
        ErrorCatalog.Register(Malformed,
            "NTP 服务器的应答格式不正确：{reason}。",
            "The NTP server sent a malformed reply: {reason}.");
        ErrorCatalog.Register(OriginMismatch,
            "NTP 应答与本次请求对不上（起始时间戳不符），可能是伪造的应答或异常的地址转换设备。",
            "The NTP reply does not belong to this request (origin timestamp mismatch); it may be spoofed or mangled by a NAT device.");
        ErrorCatalog.Register(Unreachable,
            "无法访问 NTP 服务器：{reason}。",
            "The NTP server cannot be reached: {reason}.");
    }
}
