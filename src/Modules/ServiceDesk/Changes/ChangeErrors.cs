using HospitalOps.Kernel.Errors;

namespace HospitalOps.ServiceDesk.Changes;

internal static class ChangeErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("change_approval_not_allowed", "当前审批环节是“{level}”，只能由以下角色或人员审批：{approvers}。", "The change is at the approval level \"{level}\"; only these roles or people decide there: {approvers}.");
        ErrorCatalog.Register("change_approval_twice", "您已审批过本轮的前一环节，“{level}”须由另一人审批。", "You approved an earlier level of this round; \"{level}\" needs someone else.");
        ErrorCatalog.Register("change_unknown_risk", "风险等级应为低、中或高。", "The risk must be low, medium or high.");
        ErrorCatalog.Register("change_approval_level_count", "每个风险等级须有 1 到 5 个审批环节。", "Each risk needs 1 to 5 approval levels.");
        ErrorCatalog.Register("change_approval_level_name", "审批环节须有名称，最长 40 个字符。", "An approval level needs a name of at most 40 characters.");
        ErrorCatalog.Register("change_approval_no_approver", "每个审批环节须指定 1 到 20 个角色或人员。", "Each approval level names 1 to 20 roles or people.");
        ErrorCatalog.Register("change_approval_unknown_role", "没有这个角色，也不是权限。", "There is no such role or permission.");
        ErrorCatalog.Register("release_not_a_release", "只有发布工单可以关联变更。", "Only a release links changes.");
        ErrorCatalog.Register("release_finished", "发布已完成或关闭，不能再改关联的变更。", "The release is finished; its changes can no longer change.");
        ErrorCatalog.Register("release_unknown_change", "没有这个编号的变更工单。", "There is no change with this number.");
        ErrorCatalog.Register("release_too_many_changes", "一个发布最多关联 50 个变更。", "A release links at most 50 changes.");
        ErrorCatalog.Register("release_changes_incomplete", "以下变更尚未实施完成，发布不能完成：{changes}。", "These changes are not completed yet, so the release cannot be completed: {changes}.");
    }
}
