using System.Reflection;
using System.Text.Json.Nodes;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>
/// The dashboards shipped with the product (host, databases, middleware, clinical interfaces, clock drift), embedded
/// as JSON. Their texts are written in both languages (<c>{"zh-CN": …, "en": …}</c>) and given in the reader's.
/// </summary>
internal static class BuiltInDashboards
{
    private static readonly Lazy<IReadOnlyList<JsonObject>> All = new(Load);

    public static IReadOnlyList<string> Uids => All.Value.Select(d => (string)d["uid"]!).ToList();

    public static bool Exists(string uid) => All.Value.Any(d => (string?)d["uid"] == uid);

    public static DashboardDto? Find(string uid, string language)
    {
        var source = All.Value.FirstOrDefault(d => (string?)d["uid"] == uid);
        if (source is null)
        {
            return null;
        }

        var d = (JsonObject)Localize(source.DeepClone(), language)!;
        return new DashboardDto(uid, (string?)d["title"] ?? uid, (string?)d["description"] ?? string.Empty, Tags(d), true, true, "HospitalOps", false, false, 0, null, (JsonObject)d["definition"]!.DeepClone());
    }

    public static IEnumerable<DashboardSummary> List(string language) =>
        Uids.Select(uid => Find(uid, language)!).Select(d => new DashboardSummary(d.Uid, d.Title, d.Description, d.Tags, true, true, d.Owner, false, 0, null));

    /// <summary>Replaces every bilingual text object with the text in <paramref name="language"/>.</summary>
    internal static JsonNode? Localize(JsonNode? node, string language)
    {
        switch (node)
        {
            case JsonObject o when o.Count == 2 && o.ContainsKey("zh-CN") && o.ContainsKey("en"):
                return JsonValue.Create((string?)o[language == RequestLanguage.Chinese ? "zh-CN" : "en"]);
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var child = o[key];
                    o[key] = null;
                    o[key] = Localize(child, language);
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var child = a[i];
                    a[i] = null;
                    a[i] = Localize(child, language);
                }

                return a;
            default:
                return node;
        }
    }

    private static List<string> Tags(JsonObject d) => d["tags"] is JsonArray tags ? tags.Select(t => (string)t!).ToList() : [];

    private static IReadOnlyList<JsonObject> Load()
    {
        var assembly = typeof(BuiltInDashboards).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Dashboards.BuiltIn.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return (JsonObject)JsonNode.Parse(stream)!;
            })
            .OrderBy(d => Order((string)d["uid"]!))
            .ToList();
    }

    private static int Order(string uid) => Array.IndexOf(
        ["host-overview", "postgresql-overview", "oracle-overview", "sqlserver-overview", "mysql-overview", "middleware-overview", "clinical-interfaces", "clock-drift"], uid) is var i and >= 0 ? i : 100;
}
