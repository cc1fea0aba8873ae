using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HospitalOps.Cmdb.Model;

/// <summary>
/// Checks a CI's attributes against its type's schema and normalises them (trimmed text, numbers
/// as numbers, dates as yyyy-MM-dd). References and uniqueness need the database and are checked
/// by the caller with <see cref="References"/> and <see cref="UniqueValues"/>.
/// </summary>
internal static partial class AttributeValidation
{
    public const string SecretMask = "******";
    public const string SecretPrefix = "enc:";
    private const int TextLimit = 2000;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    public static partial Regex NamePattern();

    public sealed record Outcome(JsonObject Attributes, Dictionary<string, string> Errors, List<(string Name, long Id, string? RefType)> References, List<(string Name, string Value)> UniqueValues);

    /// <param name="previous">The stored attributes (update): a secret sent back as the mask keeps its stored value.</param>
    /// <param name="protect">Encrypts a new secret value.</param>
    public static Outcome Validate(IReadOnlyList<AttributeDefinition> schema, JsonObject? input, JsonObject? previous, Func<string, string> protect)
    {
        var result = new JsonObject();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new List<(string, long, string?)>();
        var unique = new List<(string, string)>();
        var byName = schema.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, _) in input ?? [])
        {
            if (!byName.ContainsKey(name))
            {
                errors["attributes." + name] = "unknown_attribute";
            }
        }

        foreach (var definition in schema)
        {
            var field = "attributes." + definition.Name;
            var node = input?[definition.Name];
            if (node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s)))
            {
                if (definition.Required)
                {
                    errors[field] = "required";
                }

                continue;
            }

            var (value, code) = Normalise(definition, node, previous?[definition.Name], protect);
            if (code is not null)
            {
                errors[field] = code;
                continue;
            }

            result[definition.Name] = value;
            if (definition.Type is "ref" or "person")
            {
                references.Add((definition.Name, value!.GetValue<long>(), definition.Type == "person" ? "person" : definition.RefType));
            }

            if (definition.Unique && definition.Type != "secret")
            {
                unique.Add((definition.Name, value!.ToJsonString().Trim('"').ToLowerInvariant()));
            }
        }

        return new Outcome(result, errors, references, unique);
    }

    private static (JsonNode? Value, string? Error) Normalise(AttributeDefinition definition, JsonNode node, JsonNode? previous, Func<string, string> protect)
    {
        if (node is not JsonValue value)
        {
            return (null, "invalid_value");
        }

        var text = value.TryGetValue<string>(out var str) ? str.Trim() : null;
        switch (definition.Type)
        {
            case "number":
                if (value.TryGetValue<double>(out var number) || (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)))
                {
                    return double.IsFinite(number) ? (JsonValue.Create(number), null) : (null, "invalid_number");
                }

                return (null, "invalid_number");
            case "enum":
                text ??= value.ToJsonString();
                return definition.Values?.Contains(text, StringComparer.Ordinal) == true ? (JsonValue.Create(text), null) : (null, "invalid_enum");
            case "date":
                return text is not null && DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, "invalid_date");
            case "ip":
                return text is not null && IsIpOrCidr(text) ? (JsonValue.Create(text), null) : (null, "invalid_ip");
            case "ref" or "person":
                if (value.TryGetValue<long>(out var id) || (text is not null && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id)))
                {
                    return id > 0 ? (JsonValue.Create(id), null) : (null, "invalid_reference");
                }

                return (null, "invalid_reference");
            case "secret":
                if (text is null)
                {
                    return (null, "invalid_value");
                }

                if (text == SecretMask && previous is JsonValue kept && kept.TryGetValue<string>(out var stored))
                {
                    return (JsonValue.Create(stored), null);
                }

                return text.Length > TextLimit ? (null, "too_long") : (JsonValue.Create(SecretPrefix + protect(text)), null);
            default:
                text ??= value.ToJsonString();
                return text.Length > TextLimit ? (null, "too_long") : (JsonValue.Create(text), null);
        }
    }

    internal static bool IsIpOrCidr(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            return IPAddress.TryParse(text, out var only) && only.ToString().Length > 0 && (text.Contains(':') || text.Count(c => c == '.') == 3);
        }

        return IPNetwork.TryParse(text, out _);
    }

    /// <summary>What a client sees: secrets masked.</summary>
    public static JsonObject ForDisplay(IReadOnlyList<AttributeDefinition> schema, JsonObject stored)
    {
        var copy = (JsonObject)stored.DeepClone();
        foreach (var secret in schema.Where(a => a.Type == "secret"))
        {
            if (copy[secret.Name] is not null)
            {
                copy[secret.Name] = SecretMask;
            }
        }

        return copy;
    }
}
