using System.Text.Json;
using System.Text.Json.Serialization;

namespace HospitalOps.Cmdb.Model;

/// <summary>
/// One attribute of a CI type, as stored in the type's schema (JSON). The kinds: text, number,
/// enum, date, ip (address or CIDR), ref (another CI, of <see cref="RefType"/> if set), person
/// (a CI of type person), orgUnit (a department/team code), secret (encrypted, never shown).
/// </summary>
public sealed class AttributeDefinition
{
    internal static readonly IReadOnlyList<string> Kinds = ["text", "number", "enum", "date", "ip", "ref", "person", "orgUnit", "secret"];

    public string Name { get; set; } = string.Empty;

    public string LabelZh { get; set; } = string.Empty;

    public string LabelEn { get; set; } = string.Empty;

    public string Type { get; set; } = "text";

    public bool Required { get; set; }

    public bool Unique { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Values { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RefType { get; set; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static List<AttributeDefinition> ParseSchema(string json) =>
        JsonSerializer.Deserialize<List<AttributeDefinition>>(json, Json) ?? [];

    internal static string WriteSchema(IEnumerable<AttributeDefinition> schema) => JsonSerializer.Serialize(schema, Json);

    internal static AttributeDefinition Text(string name, string zh, string en, bool required = false, bool unique = false) =>
        new() { Name = name, LabelZh = zh, LabelEn = en, Type = "text", Required = required, Unique = unique };

    internal static AttributeDefinition Number(string name, string zh, string en) => new() { Name = name, LabelZh = zh, LabelEn = en, Type = "number" };

    internal static AttributeDefinition Enum(string name, string zh, string en, params string[] values) =>
        new() { Name = name, LabelZh = zh, LabelEn = en, Type = "enum", Values = [.. values] };

    internal static AttributeDefinition Of(string type, string name, string zh, string en, string? refType = null) =>
        new() { Name = name, LabelZh = zh, LabelEn = en, Type = type, RefType = refType };
}
