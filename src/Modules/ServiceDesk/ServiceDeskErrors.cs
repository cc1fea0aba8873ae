using HospitalOps.Kernel.Errors;

namespace HospitalOps.ServiceDesk;

internal static class ServiceDeskErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("priority_range", "优先级应为 P1 到 P4。", "The priority must be P1 to P4.");
        ErrorCatalog.Register("priority_matrix_incomplete", "优先级矩阵须包含影响度、紧急度与系统级别的全部 27 种组合，每种一次。", "The priority matrix must hold each of the 27 combinations of impact, urgency and system level once.");
        ErrorCatalog.Register("sla_unknown_calendar", "没有这个服务时间日历。", "There is no such business calendar.");
        ErrorCatalog.Register("sla_minutes_range", "时限应在 1 分钟到 366 天之间。", "A target must be between 1 minute and 366 days.");
        ErrorCatalog.Register("sla_no_target", "至少设置响应、到场或解决中的一项时限。", "Set at least one target: response, arrival or resolution.");
        ErrorCatalog.Register("sla_thresholds", "变色阈值须满足 0 < 黄色 ≤ 红色 ≤ 1。", "Colour thresholds must satisfy 0 < yellow ≤ red ≤ 1.");
        ErrorCatalog.Register("sla_policy_in_use", "已有工单按此 SLA 策略计时，不能删除。", "Tickets are measured by this SLA policy; it cannot be deleted.");
        ErrorCatalog.Register("ticket_unknown_type", "没有这个工单类型，或已停用。", "There is no such ticket type, or it is disabled.");
        ErrorCatalog.Register("ticket_unknown_field", "此工单类型没有这个字段。", "This ticket type has no such field.");
        ErrorCatalog.Register("ticket_unknown_ci", "配置库中没有这个配置项。", "The CMDB has no such configuration item.");
        ErrorCatalog.Register("ticket_unknown_user", "没有这个用户，或已停用。", "There is no such user, or the account is disabled.");
        ErrorCatalog.Register("ticket_assign_not_allowed", "只有具备派单权限的人可以指定他人处理。", "Only people who may dispatch can assign a ticket to someone else.");
        ErrorCatalog.Register("ticket_type_bad_prefix", "编号前缀为 2 到 6 个大写字母。", "A number prefix is 2 to 6 capital letters.");
        ErrorCatalog.Register("ticket_field_bad_key", "字段标识以小写字母开头，只含字母和数字，最长 40 个字符。", "A field key starts with a lower-case letter and holds only letters and digits, at most 40.");
        ErrorCatalog.Register("ticket_field_bad_options", "下拉字段须有 1 到 50 个选项，每项有值和名称，值不重复。", "A select field needs 1 to 50 options, each with a value and a name, values unique.");
        ErrorCatalog.Register("ticket_type_prefix_taken", "另一个工单类型已使用此前缀。", "Another ticket type uses this prefix.");
        ErrorCatalog.Register("ticket_type_key_taken", "已有此标识的工单类型。", "A ticket type with this key exists.");
        ErrorCatalog.Register("ticket_field_key_taken", "字段标识重复，或与工单的基本字段同名。", "The field key is used twice or is one of the ticket's own fields.");
        ErrorCatalog.Register("ticket_unknown_workflow", "没有这个流程。", "There is no such workflow.");
        ErrorCatalog.Register("ticket_too_many_fields", "一个工单类型最多 40 个字段。", "A ticket type has at most 40 fields.");
        ErrorCatalog.Register("ticket_too_many_cis", "一张工单最多关联 50 个配置项。", "A ticket names at most 50 configuration items.");
        ErrorCatalog.Register("ticket_too_many_mentions", "一条评论最多提及 20 人。", "A comment mentions at most 20 people.");
        ErrorCatalog.Register("ticket_attachment_too_large", $"文件超过 {Attachments.TicketAttachments.MaxBytes / 1024 / 1024} MB，不能上传。", $"The file is larger than {Attachments.TicketAttachments.MaxBytes / 1024 / 1024} MB and cannot be uploaded.");
        ErrorCatalog.Register("ticket_attachment_missing", "请选择要上传的文件。", "Choose a file to upload.");
        ErrorCatalog.Register("ticket_attachment_empty", "文件是空的。", "The file is empty.");
        ErrorCatalog.Register("ticket_attachment_type", "不支持这种文件：可上传图片（JPEG、PNG、WebP、GIF）、PDF、文本和日志、Office 文档与 ZIP 压缩包。", "This kind of file is not accepted: upload images (JPEG, PNG, WebP, GIF), PDF, text and log files, Office documents or ZIP archives.");
        ErrorCatalog.Register("ticket_attachment_count", $"一张工单最多 {Attachments.TicketAttachments.MaxPerTicket} 个附件，请先删除不需要的附件。", $"A ticket holds at most {Attachments.TicketAttachments.MaxPerTicket} attachments; remove one that is no longer needed first.");
        ErrorCatalog.Register("ticket_attachment_one_at_a_time", "每次上传一个文件。", "Upload one file at a time.");
        ErrorCatalog.Register("ticket_attachment_unreadable", "上传的内容不完整，请重试。", "The upload arrived incomplete; try again.");
        ErrorCatalog.Register("ticket_attachment_unknown_comment", "此工单没有这条讨论。", "This ticket has no such comment.");
        ErrorCatalog.Register("dispatch_too_many_rules", "派单规则最多 100 条。", "There can be at most 100 dispatch rules.");
        ErrorCatalog.Register("dispatch_rule_name", "请填写规则名称（最多 60 个字）。", "Name the rule (at most 60 characters).");
        ErrorCatalog.Register("dispatch_keywords", "关键词最多 20 个，每个最多 40 个字。", "At most 20 keywords, each at most 40 characters.");
        ErrorCatalog.Register("dispatch_unknown_team", "没有这个处理组：请在组织机构中选择一个类型为“组”的单位。", "There is no such team: choose an organisation unit of kind team.");
        ErrorCatalog.Register("dispatch_assign_mode", "派给谁：组内工单最少的人、指定的人，或只派到组。", "Assign to: the team member with the fewest tickets, a named person, or the team only.");
        ErrorCatalog.Register("dispatch_assignee_required", "请选择指定的处理人。", "Choose the person to assign to.");
        ErrorCatalog.Register("workflow_key_taken", "已有此标识的流程。", "A workflow with this key exists.");
        ErrorCatalog.Register("sla_policy_name_taken", "已有同名的 SLA 策略。", "An SLA policy with this name exists.");
        ErrorCatalog.Register("ticket_not_resolved", "工单解决后才能生成知识文章。", "A ticket becomes a knowledge article once it is resolved.");
        ErrorCatalog.Register("knowledge_unavailable", "知识库未启用。", "The knowledge base is not part of this installation.");
        ErrorCatalog.Register("ticket_draft_refused", "此工单的内容不能生成知识草稿（标题或内容过长）。", "This ticket's text cannot become a knowledge draft (title or text too long).");
        ErrorCatalog.Register("ticket_closed", "工单已关闭，不能再修改。", "The ticket is closed and can no longer change.");
        ErrorCatalog.Register("plan_no_match", "请填写对应的配置项或标题关键词，预案才能匹配到工单。", "Name the CIs or title words a ticket must have for the plan to apply.");
        ErrorCatalog.Register("plan_match_too_large", "最多 10 个配置项、20 个关键词，每个关键词不超过 40 个字符。", "At most 10 CIs and 20 words of up to 40 characters each.");
        ErrorCatalog.Register("plan_too_many_steps", "预案最多 50 个步骤。", "A plan has at most 50 steps.");
        ErrorCatalog.Register("plan_bad_step", "每个步骤须有内容，且不超过 500 个字符。", "Each step needs text of at most 500 characters.");
        ErrorCatalog.Register("plan_too_many_levels", "升级最多 5 级。", "Escalation has at most 5 levels.");
        ErrorCatalog.Register("plan_escalation_order", "升级时间须在 1 分钟到 30 天之间，且逐级递增。", "Escalation times must be 1 minute to 30 days, each later than the one before.");
        ErrorCatalog.Register("plan_name_taken", "已有同名的预案。", "A plan with this name exists.");
        ErrorCatalog.Register("ticket_rating_range", "评分应为 1 到 5 分。", "The rating must be 1 to 5.");
        ErrorCatalog.Register("ticket_bulk_unknown_action", "批量操作应为派单、评论或流转。", "A bulk action is assign, comment or transition.");
        ErrorCatalog.Register("ticket_bulk_too_many", "一次最多处理 200 张工单。", "At most 200 tickets at a time.");
        ErrorCatalog.Register("ticket_bulk_no_assign_step", "此工单当前状态下流程中没有派单这一步。", "The ticket's workflow has no dispatch step from its current state.");
        ErrorCatalog.Register("worklog_period", "统计期间的开始日期不能晚于结束日期，且最长 366 天。", "The period must start on or before its last day and span at most 366 days.");
        ErrorCatalog.Register("worklog_own_only", "只能查看自己的工作记录；查看他人的需要派单权限。", "You can see your own work log; seeing others' needs the dispatch permission.");
        ErrorCatalog.Register("transition_unknown", "工单流程中没有“{transition}”这一步。", "The ticket's workflow has no step \"{transition}\".");
        ErrorCatalog.Register("transition_wrong_state", "工单当前为“{state}”，不能执行“{transition}”。", "The ticket is \"{state}\"; \"{transition}\" is not possible now.");
        ErrorCatalog.Register("transition_not_allowed", "“{transition}”只能由以下角色执行：{roles}。", "\"{transition}\" can only be taken by: {roles}.");
        ErrorCatalog.Register("transition_self_rating", "“{transition}”由报告人或服务台完成，处理人不能为自己的工单评价。", "\"{transition}\" is for the requester or the desk: the engineer who handled the ticket does not rate it.");
        ErrorCatalog.Register("transition_condition_failed", "“{transition}”的条件不满足（{condition}）。", "The condition of \"{transition}\" does not hold ({condition}).");
        ErrorCatalog.Register("workflow_state_count", "流程须有 1 到 {max} 个状态。", "A workflow needs 1 to {max} states.");
        ErrorCatalog.Register("workflow_transition_count", "流程最多 {max} 个流转。", "A workflow has at most {max} transitions.");
        ErrorCatalog.Register("workflow_duplicate_key", "标识重复。", "The key is used twice.");
        ErrorCatalog.Register("workflow_bad_key", "标识须以小写字母开头，只含小写字母、数字、下划线和点，最长 60 个字符。", "A key starts with a lower-case letter and holds only lower-case letters, digits, underscores and dots, at most 60.");
        ErrorCatalog.Register("workflow_bad_field", "字段名以小写字母开头，只含字母和数字（如 rootCause），最长 40 个字符。", "A field name starts with a lower-case letter and holds only letters and digits (like rootCause), at most 40.");
        ErrorCatalog.Register("workflow_unknown_state", "没有状态“{state}”。", "There is no state \"{state}\".");
        ErrorCatalog.Register("workflow_unknown_role", "“{role}”不是角色，也不是权限。", "\"{role}\" is neither a role nor a permission.");
        ErrorCatalog.Register("workflow_initial_final", "初始状态不能是已解决或已关闭。", "The initial state cannot be resolved or closed.");
        ErrorCatalog.Register("workflow_unreachable_state", "从初始状态无法到达“{state}”。", "\"{state}\" cannot be reached from the initial state.");
        ErrorCatalog.Register("workflow_no_closed_state", "流程须有一个“已关闭”类的状态。", "A workflow needs a state of the closed category.");
        ErrorCatalog.Register("workflow_dead_end", "“{state}”没有出路：工单会停在那里。", "\"{state}\" has no way out: tickets would be stuck there.");
    }
}
