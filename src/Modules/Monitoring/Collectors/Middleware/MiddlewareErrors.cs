using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Middleware;

/// <summary>Failure codes of the middleware collectors (WebLogic, Tomcat) with their zh-CN and en text.</summary>
internal static class MiddlewareErrors
{
    public const string AuthFailed = "monitoring.middleware.auth_failed";
    public const string HttpStatus = "monitoring.middleware.http_status";
    public const string Malformed = "monitoring.middleware.malformed";
    public const string TooLarge = "monitoring.middleware.response_too_large";
    public const string Timeout = "monitoring.middleware.timeout";
    public const string Unreachable = "monitoring.middleware.unreachable";

    public static void Register()
    {
        ErrorCatalog.Register(AuthFailed,
            "{target} 拒绝了监控账号（HTTP {status}），请检查用户名、密码及该账号的角色权限。",
            "{target} rejected the monitoring account (HTTP {status}); check the user name, password and the account's role.");
        ErrorCatalog.Register(HttpStatus,
            "{target} 的管理接口返回 HTTP {status}。",
            "The management interface of {target} answered HTTP {status}.");
        ErrorCatalog.Register(Malformed,
            "{target} 返回的内容无法解析：{reason}",
            "Could not parse the answer of {target}: {reason}");
        ErrorCatalog.Register(TooLarge,
            "{target} 返回的内容超过 {limit} 字节上限，已放弃读取。",
            "The answer of {target} exceeds the limit of {limit} bytes; reading stopped.");
        ErrorCatalog.Register(Timeout,
            "访问 {target} 的管理接口超时（{timeout}）。",
            "The management interface of {target} did not answer within {timeout}.");
        ErrorCatalog.Register(Unreachable,
            "无法连接 {target} 的管理接口：{reason}",
            "Could not reach the management interface of {target}: {reason}");
    }
}
