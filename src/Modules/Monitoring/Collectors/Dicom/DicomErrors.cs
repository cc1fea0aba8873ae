using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>The error codes of DICOM verification, in zh-CN and en.</summary>
internal static class DicomErrors
{
    public const string InvalidAeTitle = DicomAeTitle.InvalidCode;
    public const string InvalidTarget = "monitoring.dicom.invalid_target";
    public const string ConnectFailed = "monitoring.dicom.connect_failed";
    public const string ConnectionClosed = "monitoring.dicom.connection_closed";
    public const string Timeout = "monitoring.dicom.timeout";
    public const string Rejected = "monitoring.dicom.rejected";
    public const string Aborted = "monitoring.dicom.aborted";
    public const string PresentationContextRejected = "monitoring.dicom.presentation_context_rejected";
    public const string EchoStatus = "monitoring.dicom.echo_status";
    public const string ProtocolError = "monitoring.dicom.protocol_error";

    public static void Register()
    {
        ErrorCatalog.Register(
            InvalidAeTitle,
            "AE 标题无效：长度须为 1 到 16 个字符，只能使用英文字母、数字和常用符号，不能含反斜杠或控制字符。",
            "Invalid AE title: it must be 1 to 16 characters, printable ASCII, without backslash or control characters.");
        ErrorCatalog.Register(
            InvalidTarget,
            "DICOM 检测参数无效：{reason}。",
            "Invalid DICOM check settings: {reason}.");
        ErrorCatalog.Register(
            ConnectFailed,
            "无法连接 DICOM 节点 {endpoint}：{reason}。请检查地址、端口和防火墙。",
            "Cannot connect to the DICOM node {endpoint}: {reason}. Check the address, port and firewall.");
        ErrorCatalog.Register(
            ConnectionClosed,
            "DICOM 节点在 {phase} 阶段断开了连接，没有给出应答。",
            "The DICOM node closed the connection during {phase} without an answer.");
        ErrorCatalog.Register(
            Timeout,
            "DICOM 连通性检测超时：{seconds} 秒内未完成，停在 {phase} 阶段。",
            "The DICOM verification timed out: not finished within {seconds} s, stuck in {phase}.");
        ErrorCatalog.Register(
            Rejected,
            "DICOM 节点拒绝了关联请求：{reason}（{result}，来源：{source}）。请核对被叫 AE 标题，并确认对方已登记本平台的 AE 标题。",
            "The DICOM node rejected the association: {reason} ({result}, source: {source}). Check the called AE title and that the node knows our AE title.");
        ErrorCatalog.Register(
            Aborted,
            "DICOM 节点中止了关联（来源：{source}，原因：{reason}）。",
            "The DICOM node aborted the association (source: {source}, reason: {reason}).");
        ErrorCatalog.Register(
            PresentationContextRejected,
            "DICOM 节点接受了关联，但不支持 Verification 服务（C-ECHO）：{reason}。",
            "The DICOM node accepted the association but not the Verification service (C-ECHO): {reason}.");
        ErrorCatalog.Register(
            EchoStatus,
            "C-ECHO 返回了失败状态 {status}。",
            "C-ECHO answered with failure status {status}.");
        ErrorCatalog.Register(
            ProtocolError,
            "对端的应答不符合 DICOM 协议，可能不是 DICOM 服务：{reason}。",
            "The peer's answer breaks the DICOM protocol; it may not be a DICOM service: {reason}.");
    }
}
