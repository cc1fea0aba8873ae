using System.Globalization;
using System.Text.Json.Nodes;

namespace HospitalOps.Monitoring.Targets;

/// <summary>Reads a target's settings without trusting their JSON types: a wrong type reads as absent.</summary>
internal static class SettingsReader
{
    public static string? Str(this JsonObject settings, string name) =>
        settings[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static int? Int(this JsonObject settings, string name) => settings[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    public static bool? Bool(this JsonObject settings, string name) => settings[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var p) => p,
        _ => null,
    };

    public static IReadOnlyList<string> Strings(this JsonObject settings, string name) =>
        settings[name] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];
}
