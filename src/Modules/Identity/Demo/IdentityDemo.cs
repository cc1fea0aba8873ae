using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Identity.Demo;

/// <summary>
/// The demo hospital's people: departments, the IT department's teams (one per group of business
/// systems), the maintenance vendor, and engineers with their roles. Demo accounts have no
/// password at all (nobody can sign in as them) until an administrator resets one.
/// </summary>
internal sealed class IdentityDemo(Databases databases, TimeProvider clock, IAuditTrail audit) : IDemoData
{
    private sealed record Unit(string Kind, string Code, string NameZh, string NameEn, string? Parent, string? Contact = null);

    private sealed record Person(string UserName, string DisplayName, string Unit, string Role, string Phone);

    private static readonly Unit[] Units =
    [
        new("department", "it", "信息科", "IT Department", null, "内线 8001"),
        new("department", "medical-affairs", "医务处", "Medical Affairs", null),
        new("department", "radiology", "放射科", "Radiology", null),
        new("department", "laboratory", "检验科", "Clinical Laboratory", null),
        new("department", "pathology", "病理科", "Pathology", null),
        new("department", "icu", "重症医学科", "Intensive Care Unit", null),
        new("department", "emergency", "急诊科", "Emergency Department", null),
        new("department", "blood-bank", "输血科", "Blood Bank", null),
        new("department", "outpatient", "门诊部", "Outpatient Department", null),
        new("department", "finance", "财务处", "Finance", null),
        new("team", "team-his", "HIS 运维组（门急诊、住院、药房、收费）", "HIS team (outpatient, inpatient, pharmacy, billing)", "it"),
        new("team", "team-emr", "电子病历组（EMR、护理、临床路径）", "EMR team (EMR, nursing, clinical pathways)", "it"),
        new("team", "team-imaging", "影像组（PACS/RIS、病理、内镜）", "Imaging team (PACS/RIS, pathology, endoscopy)", "it"),
        new("team", "team-lab", "检验组（LIS、输血、院感）", "Laboratory team (LIS, blood bank, infection control)", "it"),
        new("team", "team-dba", "数据库组", "Database team", "it"),
        new("team", "team-infra", "基础设施组（服务器、存储、网络、机房）", "Infrastructure team (servers, storage, network, data centre)", "it"),
        new("team", "team-apps", "管理应用组（随访、体检、OA、HRP）", "Administrative apps team (follow-up, check-up, OA, HRP)", "it"),
        new("vendor", "vendor-huayi", "华医信息技术服务有限公司（维保商）", "Huayi IT Services Co. (maintenance vendor)", null, "7×24 热线 400-800-1234"),
        new("vendor", "vendor-medimg", "明影医疗影像科技（PACS 厂商）", "Mingying Medical Imaging (PACS vendor)", null, "400-820-5678"),
    ];

    private static readonly Person[] People =
    [
        new("wang.jun", "王军（信息科主任）", "it", IdentityPermissions.ReadOnly, "13800000001"),
        new("li.na", "李娜（安全管理员）", "it", IdentityPermissions.SecAdmin, "13800000002"),
        new("zhao.min", "赵敏（审计员）", "it", IdentityPermissions.Auditor, "13800000003"),
        new("chen.hao", "陈浩", "team-his", IdentityPermissions.Engineer, "13800000011"),
        new("liu.yang", "刘洋", "team-emr", IdentityPermissions.Engineer, "13800000012"),
        new("zhou.lei", "周磊", "team-imaging", IdentityPermissions.Engineer, "13800000013"),
        new("sun.li", "孙丽", "team-lab", IdentityPermissions.Engineer, "13800000014"),
        new("wu.gang", "吴刚（DBA）", "team-dba", IdentityPermissions.Engineer, "13800000015"),
        new("zheng.tao", "郑涛", "team-infra", IdentityPermissions.Engineer, "13800000016"),
        new("huang.qiang", "黄强（驻场工程师）", "vendor-huayi", IdentityPermissions.Engineer, "13900000021"),
        new("xu.jing", "徐静（项目经理）", "vendor-huayi", IdentityPermissions.ReadOnly, "13900000022"),
        new("ma.chao", "马超（PACS 工程师）", "vendor-medimg", IdentityPermissions.Engineer, "13900000023"),
    ];

    public int Order => 10;

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var added = 0;
        foreach (var unit in Units)
        {
            added += await connection.ExecuteAsync(
                """
                INSERT INTO org_units (kind, code, name_zh, name_en, parent_id, contact)
                SELECT @Kind, @Code, @NameZh, @NameEn, (SELECT p.id FROM org_units p WHERE p.code = @Parent), @Contact
                WHERE NOT EXISTS (SELECT 1 FROM org_units WHERE code = @Code)
                """,
                unit, tx);
        }

        var now = UnixMs.Now(clock);
        foreach (var person in People)
        {
            var id = await connection.ExecuteScalarAsync<long?>(
                """
                INSERT INTO users (user_name, display_name, phone, source, password_hash, password_changed_at, must_change_password, org_unit_id, created_at, updated_at)
                SELECT @UserName, @DisplayName, @Phone, 'local', NULL, @now, @yes, (SELECT id FROM org_units WHERE code = @Unit), @now, @now
                WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(user_name) = lower(@UserName))
                RETURNING id
                """,
                new { person.UserName, person.DisplayName, person.Phone, person.Unit, now, yes = true }, tx);
            if (id is { } userId)
            {
                added++;
                await connection.ExecuteAsync(
                    "INSERT INTO user_roles (user_id, role_id) SELECT @userId, id FROM roles WHERE name = @Role", new { userId, person.Role }, tx);
            }
        }

        if (added > 0)
        {
            await audit.RecordAsync(new AuditEntry("demo.load", "identity", null, AuditEntry.Success, $"{added} demo units and users"), connection, tx, new AuditActor(null, "system", null), ct);
        }

        await tx.CommitAsync(ct);
    }
}
