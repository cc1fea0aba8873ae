using System.Collections.Concurrent;

namespace HospitalOps.Kernel.Errors;

/// <summary>
/// The user-facing message of every stable error code, in zh-CN and en-US.
/// Modules register their codes at start; messages may hold {name} placeholders.
/// </summary>
public static class ErrorCatalog
{
    private static readonly ConcurrentDictionary<string, (string Zh, string En)> Messages = new(StringComparer.Ordinal);

    static ErrorCatalog()
    {
        Register("invalid_json", "请求内容不是有效的 JSON，或字段类型不正确。", "The request body is not valid JSON or a field has the wrong type.");
        Register("body_too_large", "请求内容过大。", "The request body is too large.");
        Register("bad_request", "请求无效。", "The request is invalid.");
        Register("validation_failed", "输入有误，请检查标出的字段。", "Some fields are invalid; see the errors.");
        Register("not_found", "请求的对象不存在。", "The requested object does not exist.");
        Register("unauthenticated", "请先登录。", "Please sign in.");
        Register("forbidden", "您没有执行此操作的权限。", "You do not have permission to do this.");
        Register("csrf_failed", "请求缺少有效的防跨站令牌，请刷新页面后重试。", "The request lacks a valid anti-forgery token; reload the page and try again.");
        Register("conflict", "数据已被他人修改，请刷新后重试。", "The data was changed by someone else; reload and try again.");
        Register("internal_error", "服务器内部错误，详情已记录在服务器日志中。", "Internal server error; the details are in the server log.");
        Register("method_not_allowed", "不支持该请求方法。", "This method is not allowed here.");
        Register("unsupported_media_type", "请求内容类型不受支持，请使用 application/json。", "Unsupported content type; use application/json.");
        Register("not_ready", "服务尚未就绪。", "The service is not ready.");
    }

    public static void Register(string code, string zh, string en) => Messages[code] = (zh, en);

    public static bool IsKnown(string code) => Messages.ContainsKey(code);

    public static string Message(string code, string language, IReadOnlyDictionary<string, string>? args = null)
    {
        var text = Messages.TryGetValue(code, out var m)
            ? (language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? m.En : m.Zh)
            : code;
        if (args is not null)
        {
            foreach (var (k, v) in args)
            {
                text = text.Replace("{" + k + "}", v, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
