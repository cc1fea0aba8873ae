namespace HospitalOps.ServiceDesk.Workflows;

/// <summary>
/// The workflows the product ships, in the words of the maintenance contracts: fault handling (派单 → 接单 → 到场 → 解决 → 确认评价),
/// service requests, problems and changes (with approval and a rollback plan for high risk). Administrators copy and edit them.
/// </summary>
internal static class BuiltInWorkflows
{
    public const string Dispatch = "servicedesk.dispatch";
    public const string Approve = "servicedesk.approve";

    public static IReadOnlyList<(string Key, string Name, string NameEn, WorkflowDefinition Definition)> All { get; } =
    [
        ("incident", "故障处理", "Fault handling", Incident()),
        ("request", "服务请求", "Service request", Request()),
        ("problem", "问题管理", "Problem management", Problem()),
        ("change", "变更管理", "Change management", Change()),
    ];

    private static WorkflowDefinition Incident() => new(
        "new",
        [
            new("new", "新建", "New", "new", "running", 40, 120),
            new("assigned", "已派单", "Assigned", "new", "running", 220, 120),
            new("accepted", "处理中", "In progress", "open", "running", 400, 120),
            new("on_site", "已到场", "On site", "open", "running", 580, 120),
            new("waiting", "挂起", "On hold", "waiting", "paused", 490, 280),
            new("resolved", "已解决", "Resolved", "resolved", "stopped", 760, 120),
            new("closed", "已关闭", "Closed", "closed", "stopped", 940, 120),
        ],
        [
            new("assign", "派单", "Assign", ["new", "assigned", "accepted", "on_site", "waiting"], "assigned", Roles: [Dispatch], RequiredFields: ["assignee"], Actions: [new("notify", To: ["assignee"])]),
            new("accept", "接单", "Accept", ["new", "assigned"], "accepted", Roles: ["assignee", Dispatch], Actions: [new("set_field", Field: "assignee", Value: "$me")], Milestone: "response"),
            new("arrive", "到场", "Arrive on site", ["accepted"], "on_site", Roles: ["assignee"], Milestone: "arrival"),
            new("hold", "挂起", "Put on hold", ["accepted", "on_site"], "waiting", Roles: ["assignee", Dispatch], CommentRequired: true),
            new("resume", "恢复处理", "Resume", ["waiting"], "accepted", Roles: ["assignee", Dispatch]),
            new("resolve", "解决", "Resolve", ["accepted", "on_site"], "resolved", Roles: ["assignee", Dispatch], RequiredFields: ["resolution"], Actions: [new("notify", To: ["reporter"])], Milestone: "resolution"),
            new("reopen", "重新打开", "Reopen", ["resolved"], "accepted", Roles: ["reporter", Dispatch], CommentRequired: true, Actions: [new("notify", To: ["assignee"])]),
            new("confirm", "确认并评价", "Confirm and rate", ["resolved"], "closed", Roles: ["reporter", Dispatch], RequiredFields: ["rating"]),
            new("cancel", "撤销", "Cancel", ["new", "assigned"], "closed", Roles: ["reporter", Dispatch], CommentRequired: true),
        ]);

    private static WorkflowDefinition Request() => new(
        "new",
        [
            new("new", "新建", "New", "new", "running", 40, 120),
            new("accepted", "处理中", "In progress", "open", "running", 240, 120),
            new("waiting", "等待用户", "Waiting for requester", "waiting", "paused", 340, 280),
            new("resolved", "已完成", "Fulfilled", "resolved", "stopped", 460, 120),
            new("closed", "已关闭", "Closed", "closed", "stopped", 680, 120),
        ],
        [
            new("assign", "派单", "Assign", ["new", "accepted", "waiting"], "new", Roles: [Dispatch], RequiredFields: ["assignee"], Actions: [new("notify", To: ["assignee"])]),
            new("accept", "接单", "Accept", ["new"], "accepted", Roles: ["assignee", Dispatch], Actions: [new("set_field", Field: "assignee", Value: "$me")], Milestone: "response"),
            new("wait", "等待用户", "Wait for requester", ["accepted"], "waiting", Roles: ["assignee"], CommentRequired: true, Actions: [new("notify", To: ["reporter"])]),
            new("resume", "继续处理", "Resume", ["waiting"], "accepted", Roles: ["assignee", "reporter"]),
            new("fulfil", "完成", "Fulfil", ["accepted"], "resolved", Roles: ["assignee", Dispatch], RequiredFields: ["resolution"], Actions: [new("notify", To: ["reporter"])], Milestone: "resolution"),
            new("reopen", "重新打开", "Reopen", ["resolved"], "accepted", Roles: ["reporter", Dispatch], CommentRequired: true),
            new("confirm", "确认并评价", "Confirm and rate", ["resolved"], "closed", Roles: ["reporter", Dispatch], RequiredFields: ["rating"]),
            new("cancel", "撤销", "Cancel", ["new"], "closed", Roles: ["reporter", Dispatch], CommentRequired: true),
        ]);

    private static WorkflowDefinition Problem() => new(
        "new",
        [
            new("new", "新建", "New", "new", "running", 40, 120),
            new("investigating", "分析中", "Investigating", "open", "running", 240, 120),
            new("known_error", "已知错误", "Known error", "open", "running", 440, 120),
            new("resolved", "已解决", "Resolved", "resolved", "stopped", 640, 120),
            new("closed", "已关闭", "Closed", "closed", "stopped", 840, 120),
        ],
        [
            new("investigate", "开始分析", "Investigate", ["new"], "investigating", Actions: [new("set_field", Field: "assignee", Value: "$me")], Milestone: "response"),
            new("record_cause", "记录根因", "Record root cause", ["investigating"], "known_error", Roles: ["assignee", Dispatch], RequiredFields: ["rootCause"]),
            new("resolve", "解决", "Resolve", ["investigating", "known_error"], "resolved", Roles: ["assignee", Dispatch], RequiredFields: ["resolution"], Milestone: "resolution"),
            new("close", "关闭", "Close", ["resolved"], "closed", Roles: [Dispatch, "reporter"]),
            new("reopen", "重新打开", "Reopen", ["resolved"], "investigating", Roles: [Dispatch], CommentRequired: true),
        ]);

    private static WorkflowDefinition Change() => new(
        "draft",
        [
            new("draft", "草稿", "Draft", "new", "running", 40, 120),
            new("submitted", "待审批", "Awaiting approval", "open", "running", 220, 120),
            new("approved", "已批准", "Approved", "open", "running", 400, 120),
            new("implementing", "实施中", "Implementing", "open", "running", 580, 120),
            new("completed", "已完成", "Completed", "resolved", "stopped", 760, 60),
            new("rolled_back", "已回退", "Rolled back", "resolved", "stopped", 760, 200),
            new("closed", "已关闭", "Closed", "closed", "stopped", 940, 120),
        ],
        [
            new("submit", "提交审批", "Submit", ["draft"], "submitted", RequiredFields: ["risk", "plannedStart", "plannedEnd"],
                Conditions: [new("risk", "in", "low,medium")], Milestone: "response"),
            new("submit_high_risk", "提交审批（高风险）", "Submit (high risk)", ["draft"], "submitted", RequiredFields: ["risk", "plannedStart", "plannedEnd", "rollbackPlan"],
                Conditions: [new("risk", "eq", "high")], Milestone: "response"),
            new("approve", "批准", "Approve", ["submitted"], "approved", Roles: [Approve], Actions: [new("open_maintenance_window"), new("notify", To: ["reporter", "assignee"])]),
            new("reject", "驳回", "Reject", ["submitted"], "draft", Roles: [Approve], CommentRequired: true, Actions: [new("notify", To: ["reporter"])]),
            new("start", "开始实施", "Start", ["approved"], "implementing", Roles: ["assignee", Dispatch]),
            new("complete", "实施完成", "Complete", ["implementing"], "completed", Roles: ["assignee", Dispatch], RequiredFields: ["resolution"], Milestone: "resolution"),
            new("roll_back", "回退", "Roll back", ["implementing"], "rolled_back", Roles: ["assignee", Dispatch], CommentRequired: true, Milestone: "resolution"),
            new("close", "评审关闭", "Review and close", ["completed", "rolled_back"], "closed", Roles: [Dispatch, Approve]),
            new("withdraw", "撤回", "Withdraw", ["draft", "submitted"], "closed", Roles: ["reporter", Dispatch], CommentRequired: true),
        ]);
}
