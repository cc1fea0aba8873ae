using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Cmdb.Demo;

/// <summary>
/// The demo hospital's business systems, named as in the hospitals' maintenance tenders: HIS
/// modules, EMR, LIS, PACS/RIS, emergency, ICU, blood bank, pathology, follow-up and the rest,
/// each with its system level (1 = HIS/EMR/LIS/PACS/emergency/ICU), owner department,
/// maintaining team, vendor and database.
/// </summary>
internal sealed class BusinessSystemsDemo(Databases databases, TimeProvider clock, IAuditTrail audit) : IDemoData
{
    private sealed record BusinessSystem(string Code, string Name, int Level, string Department, string Team, string Vendor, string Database);

    private static readonly BusinessSystem[] Systems =
    [
        new("his-outpatient", "门急诊 HIS（预约挂号、分诊、收费、门诊药房）", 1, "outpatient", "team-his", "华医信息", "InterSystems IRIS（镜像）"),
        new("his-inpatient", "住院 HIS（出入转、床位、住院收费、住院药房）", 1, "finance", "team-his", "华医信息", "InterSystems IRIS（镜像）"),
        new("emr", "电子病历系统（EMR）", 1, "medical-affairs", "team-emr", "华医信息", "Oracle RAC"),
        new("lis", "检验信息系统（LIS，含微生物、实验室质控）", 1, "laboratory", "team-lab", "检验软件厂商", "SQL Server"),
        new("pacs-ris", "放射科 PACS/RIS", 1, "radiology", "team-imaging", "明影医疗影像", "Oracle"),
        new("emergency", "急诊管理系统（急诊挂号、预检分诊、急诊医生站）", 1, "emergency", "team-his", "华医信息", "InterSystems IRIS（镜像）"),
        new("icu", "重症监护管理系统（含 EICU）", 1, "icu", "team-emr", "重症软件厂商", "SQL Server"),
        new("blood-bank", "临床用血与输血管理系统", 1, "blood-bank", "team-lab", "输血软件厂商", "SQL Server"),
        new("pathology", "病理诊断信息系统（含数字切片扫描）", 2, "pathology", "team-imaging", "病理软件厂商", "SQL Server"),
        new("nursing", "护理管理与护理质控系统", 2, "medical-affairs", "team-emr", "华医信息", "Oracle RAC"),
        new("clinical-pathway", "临床路径与单病种管理系统", 2, "medical-affairs", "team-emr", "华医信息", "Oracle RAC"),
        new("ecg", "心电信息系统", 2, "outpatient", "team-imaging", "心电设备厂商", "SQL Server"),
        new("hemodialysis", "血透管理系统", 2, "medical-affairs", "team-emr", "血透软件厂商", "MySQL"),
        new("endoscopy", "内镜系统（含病理标本申请单接口）", 2, "outpatient", "team-imaging", "内镜软件厂商", "SQL Server"),
        new("nuclear-medicine", "核医学信息管理系统", 2, "radiology", "team-imaging", "明影医疗影像", "Oracle"),
        new("infection-control", "院感监测系统", 2, "medical-affairs", "team-lab", "院感软件厂商", "SQL Server"),
        new("pivas", "静脉配置中心信息系统", 2, "outpatient", "team-his", "华医信息", "InterSystems IRIS（镜像）"),
        new("appointment", "全业务预约平台", 2, "outpatient", "team-apps", "华医信息", "MySQL"),
        new("insurance", "医保接口与医保智能审核系统", 2, "finance", "team-his", "医保接口厂商", "Oracle"),
        new("e-invoice", "电子票据系统", 2, "finance", "team-apps", "票据服务商", "MySQL"),
        new("cssd", "消毒供应室追溯管理系统", 2, "medical-affairs", "team-apps", "追溯软件厂商", "SQL Server"),
        new("follow-up", "患者随访系统（前置机、应用服务器、语音网关）", 3, "outpatient", "team-apps", "随访软件厂商", "MySQL + MongoDB"),
        new("adverse-events", "不良事件上报系统", 3, "medical-affairs", "team-apps", "华医信息", "MySQL"),
        new("oa", "办公自动化系统（OA）", 3, "it", "team-apps", "OA 厂商", "达梦 DM8"),
        new("materials", "物资库存及监管系统", 3, "finance", "team-apps", "华医信息", "KingbaseES"),
        new("archives", "档案与声像档案管理系统", 3, "it", "team-apps", "档案软件厂商", "MySQL"),
        new("exam", "医学在线考试系统（西医、护理版）", 3, "medical-affairs", "team-apps", "考试软件厂商", "MySQL"),
        new("queue", "门诊叫号排队系统（抽血室、B 超）", 3, "outpatient", "team-apps", "叫号系统厂商", "SQL Server"),
        new("anesthesia", "手术麻醉管理系统", 1, "medical-affairs", "team-emr", "麻醉软件厂商", "SQL Server"),
        new("rational-drug", "合理用药监测系统", 2, "outpatient", "team-his", "华医信息", "SQL Server"),
        new("check-up", "健康体检系统", 2, "outpatient", "team-apps", "体检软件厂商", "SQL Server"),
        new("hrp", "医院资源规划系统（HRP）", 2, "finance", "team-apps", "HRP 厂商", "Oracle"),
        new("reproductive", "辅助生殖信息系统", 2, "outpatient", "team-apps", "生殖软件厂商", "SQL Server"),
        new("prenatal", "产前诊断信息管理系统", 2, "outpatient", "team-apps", "产前软件厂商", "SQL Server"),
        new("rehab", "康复科治疗信息采集系统", 3, "outpatient", "team-apps", "康复软件厂商", "SQL Server"),
        new("transport", "医疗输送信息管理系统", 3, "medical-affairs", "team-apps", "输送软件厂商", "MySQL"),
        new("child-care", "儿童保健系统", 3, "outpatient", "team-apps", "妇幼软件厂商", "SQL Server"),
        new("trainee", "进修生管理系统", 3, "medical-affairs", "team-apps", "华医信息", "MySQL"),
        new("infectious-warning", "传染病监测预警与报告推送系统", 2, "medical-affairs", "team-lab", "疾控接口厂商", "SQL Server"),
        new("pharmacovigilance", "医院药物警戒系统", 3, "medical-affairs", "team-his", "药物警戒厂商", "MySQL"),
        new("imaging-call", "影像智能呼叫系统", 3, "radiology", "team-imaging", "明影医疗影像", "SQL Server"),
        new("clinical-trial", "临床试验全流程信息化管理系统", 3, "medical-affairs", "team-apps", "临床试验软件厂商", "MySQL"),
        new("infusion-center", "门（急）诊输液中心管理系统", 2, "emergency", "team-his", "华医信息", "InterSystems IRIS（镜像）"),
        new("finance-wechat", "计财处微信公众号服务", 3, "finance", "team-apps", "公众号服务商", "MySQL"),
        new("medical-insurance-claims", "医保公医病人申报服务", 3, "finance", "team-his", "医保接口厂商", "Oracle"),
        new("mdt", "多学科会诊（MDT）管理系统", 3, "medical-affairs", "team-emr", "华医信息", "Oracle RAC"),
        new("reagent", "检验试剂管理系统", 3, "laboratory", "team-lab", "检验软件厂商", "SQL Server"),
        new("high-value-consumables", "高值耗材管理系统", 3, "finance", "team-apps", "华医信息", "KingbaseES"),
        new("president-query", "院长综合查询系统", 3, "it", "team-apps", "华医信息", "PostgreSQL"),
        new("integration", "医院信息集成平台（ESB）", 1, "it", "team-apps", "集成平台厂商", "PostgreSQL"),
    ];

    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int Order => 20;

    public async Task LoadAsync(CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var added = 0;
        foreach (var s in Systems)
        {
            // Stored unescaped so that text search finds 华医 and not only \u534E.
            var attributes = JsonSerializer.Serialize(new { level = s.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), department = s.Department, team = s.Team, vendor = s.Vendor, database = s.Database }, StoredJson);
            added += await connection.ExecuteAsync(
                """
                INSERT INTO cmdb_cis (type_code, code, name, attributes, created_at, updated_at)
                SELECT 'business', @Code, @Name, @attributes, @now, @now
                WHERE NOT EXISTS (SELECT 1 FROM cmdb_cis WHERE code = @Code)
                """,
                new { s.Code, s.Name, attributes, now }, tx);
        }

        if (added > 0)
        {
            await audit.RecordAsync(new AuditEntry("demo.load", "cmdb", null, AuditEntry.Success, $"{added} business systems"), connection, tx, new AuditActor(null, "system", null), ct);
        }

        await tx.CommitAsync(ct);
    }
}
