using HospitalOps.Kernel.Errors;

namespace HospitalOps.Identity;

internal static class IdentityErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("invalid_credentials", "用户名或密码错误。", "Wrong user name or password.");
        ErrorCatalog.Register("account_locked", "登录失败次数过多，账户已锁定，请于 {until} 后重试或联系管理员。", "Too many failed logins: the account is locked until {until}; try later or ask an administrator.");
        ErrorCatalog.Register("account_disabled", "账户已停用，请联系管理员。", "The account is disabled; contact an administrator.");
        ErrorCatalog.Register("totp_required", "请输入动态验证码。", "Enter the code from your authenticator app.");
        ErrorCatalog.Register("invalid_totp_code", "动态验证码错误。", "The authenticator code is wrong.");
        ErrorCatalog.Register("password_change_required", "请先修改密码。", "You must change your password first.");
        ErrorCatalog.Register("totp_enrolment_required", "您的角色要求双因素认证，请先绑定动态验证码。", "Your role requires two-factor login; enrol an authenticator first.");
        ErrorCatalog.Register("session_expired", "会话已过期，请重新登录。", "Your session has expired; sign in again.");
        ErrorCatalog.Register("required", "必填项。", "Required.");
        ErrorCatalog.Register("too_long", "内容过长。", "Too long.");
        ErrorCatalog.Register("invalid_user_name", "用户名只能包含字母、数字、点、下划线和连字符，长度 2–64。", "User names use letters, digits, '.', '_' and '-', 2–64 characters.");
        ErrorCatalog.Register("user_name_taken", "该用户名已存在。", "This user name is already taken.");
        ErrorCatalog.Register("password_too_short", "密码长度至少 {min} 位。", "The password needs at least {min} characters.");
        ErrorCatalog.Register("password_too_simple", "密码须包含大写字母、小写字母、数字、符号中的至少 {classes} 类。", "The password needs at least {classes} of: upper case, lower case, digits, symbols.");
        ErrorCatalog.Register("password_contains_user_name", "密码不能包含用户名。", "The password must not contain the user name.");
        ErrorCatalog.Register("password_reused", "新密码不能与当前密码相同。", "The new password must differ from the current one.");
        ErrorCatalog.Register("wrong_current_password", "当前密码错误。", "The current password is wrong.");
        ErrorCatalog.Register("unknown_role", "角色不存在。", "Unknown role.");
        ErrorCatalog.Register("unknown_permission", "权限不存在。", "Unknown permission.");
        ErrorCatalog.Register("duties_combined", "系统管理、安全管理和审计职责必须分离（三权分立），不能授予同一角色或同一用户。", "Account administration, security administration and auditing are separated duties and cannot be combined in one role or user.");
        ErrorCatalog.Register("cannot_change_own_roles", "不能修改自己的角色或停用自己。", "You cannot change your own roles or disable yourself.");
        ErrorCatalog.Register("builtin_role_fixed", "内置角色的权限不可修改。", "The permissions of a built-in role cannot be changed.");
        ErrorCatalog.Register("role_in_use", "角色仍被用户使用，不能删除。", "The role is still assigned to users.");
        ErrorCatalog.Register("role_name_taken", "角色标识已存在。", "This role name is already taken.");
        ErrorCatalog.Register("invalid_role_name", "角色标识只能包含小写字母、数字和连字符。", "Role names use lower-case letters, digits and '-'.");
        ErrorCatalog.Register("totp_not_pending", "请先开始绑定动态验证码。", "Start the authenticator enrolment first.");
        ErrorCatalog.Register("totp_required_by_role", "您的角色要求双因素认证，不能关闭。", "Your role requires two-factor login; it cannot be turned off.");
        ErrorCatalog.Register("invalid_scope", "令牌权限范围无效，只能是您拥有的权限。", "Invalid token scope: only permissions you hold can be granted.");
        ErrorCatalog.Register("invalid_expiry", "有效期须在 1 到 365 天之间。", "The expiry must be between 1 and 365 days.");
        ErrorCatalog.Register("ldap_user_password", "LDAP 用户的密码由目录服务管理。", "The password of an LDAP user is managed by the directory.");
        ErrorCatalog.Register("audit_record_missing", "第 {seq} 条记录缺失（已被删除）。", "Record {seq} is missing (it was deleted).");
        ErrorCatalog.Register("audit_link_broken", "第 {seq} 条记录与前一条记录的链接断开。", "Record {seq} does not link to the record before it.");
        ErrorCatalog.Register("audit_record_altered", "第 {seq} 条记录已被篡改（内容与哈希不符）。", "Record {seq} was altered (its content does not match its hash).");
        ErrorCatalog.Register("invalid_time_range", "时间范围无效。", "Invalid time range.");
    }
}
