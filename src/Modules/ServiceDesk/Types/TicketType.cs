namespace HospitalOps.ServiceDesk.Types;

/// <summary>A kind of ticket (故障, 服务请求, 变更…): its number prefix, its own fields, its workflow and default impact and urgency.</summary>
public sealed record TicketTypeDto(
    long Id,
    string Key,
    string Name,
    string NameEn,
    string Prefix,
    long WorkflowId,
    string WorkflowKey,
    IReadOnlyList<TicketField> Fields,
    int DefaultImpact,
    int DefaultUrgency,
    bool BuiltIn,
    bool Active);

/// <summary>A field of a ticket type: <c>text</c>, <c>textarea</c>, <c>number</c>, <c>select</c> (one of <see cref="Options"/>), <c>datetime</c> or <c>boolean</c>.</summary>
public sealed record TicketField(string Key, string Name, string NameEn, string Kind, IReadOnlyList<TicketFieldOption>? Options = null, bool Required = false);

public sealed record TicketFieldOption(string Value, string Name, string NameEn);

/// <summary>The ticket types the product ships, one per kind of work the maintenance contracts name.</summary>
internal static class BuiltInTypes
{
    private static readonly TicketField Resolution = new("resolution", "处理结果", "Resolution", "textarea");
    private static readonly TicketField RootCause = new("rootCause", "根本原因", "Root cause", "textarea");
    private static readonly TicketField Risk = new("risk", "风险等级", "Risk", "select",
        [new("low", "低", "Low"), new("medium", "中", "Medium"), new("high", "高", "High")]);

    public static IReadOnlyList<(string Key, string Name, string NameEn, string Prefix, string Workflow, IReadOnlyList<TicketField> Fields, int Impact, int Urgency)> All { get; } =
    [
        ("event", "事态", "Event", "EVT", "incident", [Resolution, RootCause], 2, 1),
        ("incident", "故障", "Incident", "INC", "incident", [Resolution, RootCause, new("onSiteRequired", "需要到场", "On site needed", "boolean")], 2, 2),
        ("request", "服务请求", "Service request", "REQ", "request", [Resolution], 3, 3),
        ("problem", "问题", "Problem", "PRB", "problem", [RootCause, Resolution, new("workaround", "临时方案", "Workaround", "textarea")], 2, 3),
        ("change", "变更", "Change", "CHG", "change",
            [Risk, new("plannedStart", "计划开始", "Planned start", "datetime"), new("plannedEnd", "计划结束", "Planned end", "datetime"),
             new("implementationPlan", "实施方案", "Implementation plan", "textarea"), new("rollbackPlan", "回退方案", "Rollback plan", "textarea"), Resolution], 2, 3),
        ("release", "发布", "Release", "REL", "change",
            [Risk, new("version", "版本", "Version", "text"), new("plannedStart", "计划开始", "Planned start", "datetime"), new("plannedEnd", "计划结束", "Planned end", "datetime"),
             new("rollbackPlan", "回退方案", "Rollback plan", "textarea"), new("changes", "包含的变更", "Changes included", "text"), Resolution], 2, 3),
        ("requirement", "需求", "Requirement", "DMD", "request", [new("department", "提出科室", "Requesting department", "text"), Resolution], 3, 3),
        ("task", "项目任务", "Project task", "TSK", "request", [new("project", "所属项目", "Project", "text"), new("dueDate", "完成期限", "Due date", "datetime"), Resolution], 3, 3),
    ];
}
