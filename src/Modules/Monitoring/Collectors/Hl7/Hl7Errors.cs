using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>The failure reasons of the HL7 v2 / MLLP round-trip probe, in zh-CN and en.</summary>
internal static class Hl7Errors
{
    public const string Nak = "monitoring.hl7.nak";
    public const string Timeout = "monitoring.hl7.timeout";
    public const string ControlIdMismatch = "monitoring.hl7.control_id_mismatch";
    public const string Malformed = "monitoring.hl7.malformed";
    public const string ConnectFailed = "monitoring.hl7.connect_failed";
    public const string InvalidTemplate = "monitoring.hl7.invalid_template";

    public static void Register()
    {
        ErrorCatalog.Register(Nak,
            "HL7 接口拒收了探测消息（应答码 {code}）：{text}",
            "The HL7 interface rejected the probe message (acknowledgement code {code}): {text}");
        ErrorCatalog.Register(Timeout,
            "HL7 接口在 {timeout} 秒内没有完成连接或应答，请检查网络和接口引擎是否正常处理消息。",
            "The HL7 interface did not answer within {timeout} s (stuck at {stage}); check that the interface engine is processing messages.");
        ErrorCatalog.Register(ControlIdMismatch,
            "HL7 应答对应的不是本次探测消息（发送的控制 ID 为 {expected}，应答中为 {received}），接口可能串包或积压了旧消息。",
            "The HL7 acknowledgement is for another message (sent control id {expected}, acknowledged {received}); the interface may be mixing up or replaying messages.");
        ErrorCatalog.Register(Malformed,
            "HL7 接口的应答无法识别：{reason}。",
            "The HL7 interface sent an unreadable reply: {reason}.");
        ErrorCatalog.Register(ConnectFailed,
            "无法连接 HL7 接口：{reason}。",
            "Cannot connect to the HL7 interface: {reason}.");
        ErrorCatalog.Register(InvalidTemplate,
            "HL7 探测消息模板有误：{reason}。",
            "The HL7 probe message template is invalid: {reason}.");
    }
}
