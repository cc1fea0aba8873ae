using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>Failure codes of the database collectors, check scripts and driver plug-ins.</summary>
internal static class DatabaseErrors
{
    public const string ScriptRefused = "monitoring.db.script_refused";
    public const string Timeout = "monitoring.db.timeout";
    public const string AuthFailed = "monitoring.db.auth_failed";
    public const string ConnectFailed = "monitoring.db.connect_failed";
    public const string QueryFailed = "monitoring.db.query_failed";
    public const string ResultTooLarge = "monitoring.db.result_too_large";
    public const string ResultInvalid = "monitoring.db.result_invalid";
    public const string DriverMissing = "monitoring.db.driver_missing";
    public const string DriverInvalid = "monitoring.db.driver_invalid";

    public static void Register()
    {
        ErrorCatalog.Register(ScriptRefused,
            "检查脚本未执行：{reason}",
            "The check script was not run: {reason}");
        ErrorCatalog.Register(Timeout,
            "数据库在规定时间内没有响应：{reason}",
            "The database did not answer in time: {reason}");
        ErrorCatalog.Register(AuthFailed,
            "数据库登录失败，请检查用户名和密码：{reason}",
            "The database refused the login; check the user name and password: {reason}");
        ErrorCatalog.Register(ConnectFailed,
            "无法连接数据库：{reason}",
            "Cannot connect to the database: {reason}");
        ErrorCatalog.Register(QueryFailed,
            "数据库执行查询出错：{reason}",
            "The database failed to run the query: {reason}");
        ErrorCatalog.Register(ResultTooLarge,
            "查询结果超出上限：{reason}",
            "The query result is over the limit: {reason}");
        ErrorCatalog.Register(ResultInvalid,
            "查询结果无法转换为监控指标：{reason}",
            "The query result cannot be turned into samples: {reason}");
        ErrorCatalog.Register(DriverMissing,
            "找不到数据库驱动：{reason}",
            "The database driver is missing: {reason}");
        ErrorCatalog.Register(DriverInvalid,
            "数据库驱动无法使用：{reason}",
            "The database driver cannot be used: {reason}");
    }
}
