using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Errors;

/// <summary>zh-CN unless the request prefers English (Accept-Language, or the UI's language cookie).</summary>
public static class RequestLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    public static string Of(HttpContext context)
    {
        var header = context.Request.Headers.AcceptLanguage.ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            foreach (var part in header.Split(','))
            {
                var tag = part.Split(';')[0].Trim();
                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                {
                    return English;
                }

                if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                {
                    return Chinese;
                }
            }
        }

        return Chinese;
    }
}
