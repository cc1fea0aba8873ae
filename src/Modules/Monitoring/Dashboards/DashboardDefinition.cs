using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>
/// Checks a dashboard definition before it is stored: its shape, limits, and that every query is PromQL that parses
/// (variables replaced by a placeholder first). Errors are per field, e.g. <c>definition.panels[2].queries[0].expr</c>.
/// </summary>
internal static partial class DashboardDefinition
{
    public static readonly IReadOnlySet<string> PanelTypes = new HashSet<string>(StringComparer.Ordinal) { "timeseries", "stat", "gauge", "table", "bar" };

    /// <summary>The units the web app formats (web/src/modules/dashboards/units.ts).</summary>
    public static readonly IReadOnlySet<string> Units = new HashSet<string>(StringComparer.Ordinal) { "none", "percent", "percentunit", "bytes", "Bps", "bps", "s", "ms", "ops", "count" };

    public static readonly IReadOnlySet<string> VariableKinds = new HashSet<string>(StringComparer.Ordinal) { "label_values", "custom" };

    private const int MaxBytes = 1024 * 1024;

    /// <summary>Checks <paramref name="definition"/>; PromQL parse errors go to <paramref name="queryErrors"/> with their message.</summary>
    public static void Validate(JsonObject definition, Dictionary<string, string> errors, Dictionary<string, string> queryErrors, Func<string, string?> parseError)
    {
        if (Encoding(definition) > MaxBytes)
        {
            errors["definition"] = "too_long";
            return;
        }

        if (definition["time"] is JsonObject time && (Text(time["from"]) is not { Length: > 0 and <= 40 } || Text(time["to"]) is not { Length: > 0 and <= 40 }))
        {
            errors["definition.time"] = "invalid_value";
        }

        if (definition["refreshSeconds"] is { } refresh && (Number(refresh) is not { } seconds || seconds < 0 || seconds > 86_400))
        {
            errors["definition.refreshSeconds"] = "invalid_value";
        }

        var variables = definition["variables"] as JsonArray ?? [];
        if (definition["variables"] is not null and not JsonArray || variables.Count > 20)
        {
            errors["definition.variables"] = "invalid_value";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++)
        {
            var field = $"definition.variables[{i}]";
            if (variables[i] is not JsonObject v || Text(v["name"]) is not { } name || !VariableName().IsMatch(name) || !names.Add(name))
            {
                errors[field + ".name"] = "invalid_value";
                continue;
            }

            if (Text(v["kind"]) is not { } kind || !VariableKinds.Contains(kind))
            {
                errors[field + ".kind"] = "invalid_value";
            }
        }

        if (definition["panels"] is not JsonArray panels || panels.Count > 200)
        {
            errors["definition.panels"] = "invalid_value";
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < panels.Count; p++)
        {
            var field = $"definition.panels[{p}]";
            if (panels[p] is not JsonObject panel)
            {
                errors[field] = "invalid_value";
                continue;
            }

            if (Text(panel["id"]) is not { Length: > 0 and <= 100 } id || !ids.Add(id))
            {
                errors[field + ".id"] = "invalid_value";
            }

            if (Text(panel["title"]) is { Length: > 200 })
            {
                errors[field + ".title"] = "too_long";
            }

            if (panel["unit"] is { } unit && (Text(unit) is not { } u || !Units.Contains(u)))
            {
                errors[field + ".unit"] = "invalid_value";
            }

            if (Text(panel["type"]) is not { } type || !PanelTypes.Contains(type))
            {
                errors[field + ".type"] = "invalid_value";
            }

            if (panel["grid"] is not JsonObject grid || !InRange(grid["x"], 0, 23) || !InRange(grid["y"], 0, 10_000) || !InRange(grid["w"], 1, 24) || !InRange(grid["h"], 1, 100)
                || Number(grid["x"]) + Number(grid["w"]) > 24)
            {
                errors[field + ".grid"] = "invalid_value";
            }

            if (panel["thresholds"] is JsonArray thresholds && (thresholds.Count > 10 || thresholds.Any(t => t is not JsonObject o || Number(o["value"]) is null || Text(o["color"]) is not { } c || !Color().IsMatch(c))))
            {
                errors[field + ".thresholds"] = "invalid_value";
            }

            if (panel["queries"] is not JsonArray queries || queries.Count is 0 or > 10)
            {
                errors[field + ".queries"] = "invalid_value";
                continue;
            }

            for (var q = 0; q < queries.Count; q++)
            {
                var expr = queries[q] is JsonObject query ? Text(query["expr"]) : null;
                var exprField = $"{field}.queries[{q}].expr";
                if (expr is not { Length: > 0 })
                {
                    errors[exprField] = "required";
                }
                else if (expr.Length > 10_000)
                {
                    errors[exprField] = "too_long";
                }
                else if (parseError(WithPlaceholders(expr)) is { } message)
                {
                    errors[exprField] = "invalid_promql";
                    queryErrors[exprField] = message;
                }
            }
        }
    }

    /// <summary>The query with its variables replaced the way the web app substitutes them, so it can be parsed.</summary>
    public static string WithPlaceholders(string expr) => VariableReference().Replace(expr, m =>
    {
        var name = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
        return name is "__rate_interval" or "__interval" or "__range" ? "5m" : "x";
    });

    private static int Encoding(JsonObject o) => JsonSerializer.SerializeToUtf8Bytes(o).Length;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : node is JsonValue w && w.TryGetValue<long>(out var l) ? l : null;

    private static bool InRange(JsonNode? node, double min, double max) => Number(node) is { } n && n >= min && n <= max && n == Math.Floor(n);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,39}$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^#[0-9a-fA-F]{3,8}$")]
    private static partial Regex Color();

    [GeneratedRegex(@"\$\{(?<a>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<b>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
