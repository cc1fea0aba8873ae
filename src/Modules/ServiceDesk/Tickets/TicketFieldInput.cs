using System.Globalization;
using HospitalOps.Kernel.Errors;
using HospitalOps.ServiceDesk.Types;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Checks values sent for a type's own fields: only its fields, each in the form of its kind.</summary>
internal static class TicketFieldInput
{
    public const int MaxLength = 20_000;

    /// <summary>The given values merged over <paramref name="current"/>; an empty string clears a field.</summary>
    public static Dictionary<string, string> Checked(IReadOnlyList<TicketField> typeFields, IReadOnlyDictionary<string, string>? input, string path, IReadOnlyDictionary<string, string>? current = null)
    {
        var result = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, raw) in input ?? new Dictionary<string, string>())
        {
            var field = typeFields.FirstOrDefault(f => f.Key == key) ?? throw AppProblem.Invalid($"{path}.{key}", "ticket_unknown_field");
            var value = raw?.Trim() ?? "";
            if (value.Length == 0)
            {
                result.Remove(key);
                continue;
            }

            var ok = field.Kind switch
            {
                "text" => value.Length <= 500,
                "textarea" => value.Length <= MaxLength,
                "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                "select" => field.Options?.Any(o => o.Value == value) == true,
                "datetime" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "boolean" => value is "true" or "false",
                _ => false,
            };
            if (!ok)
            {
                throw AppProblem.Invalid($"{path}.{key}", field.Kind is "text" or "textarea" ? "too_long" : "invalid_value");
            }

            result[key] = value;
        }

        return result;
    }
}
