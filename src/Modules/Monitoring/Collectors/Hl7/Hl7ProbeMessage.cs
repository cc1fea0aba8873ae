using System.Globalization;
using System.Security.Cryptography;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// The message a probe sends, with its control id (MSH-10). By default a v2.4 network management
/// query NMQ^N01 whose NCK segment carries our clock: receivers answer it without touching any
/// patient data.
/// </summary>
internal sealed record Hl7ProbeMessage(string ControlId, string Text)
{
    /// <summary>Builds the message for one probe run; a bad template fails with <see cref="Hl7Errors.InvalidTemplate"/>.</summary>
    public static Hl7ProbeMessage Create(Hl7ProbeOptions options, DateTimeOffset localNow)
    {
        var controlId = NewControlId();
        var time = Timestamp(localNow);
        return options.MessageTemplate is { } template
            ? new Hl7ProbeMessage(controlId, FillTemplate(template, options, time, controlId))
            : new Hl7ProbeMessage(controlId, DefaultMessage(options, time, controlId));
    }

    /// <summary>An HL7 TS value: local time with its UTC offset, to the millisecond.</summary>
    public static string Timestamp(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return time.ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    private static string DefaultMessage(Hl7ProbeOptions options, string time, string controlId)
    {
        var d = Hl7Delimiters.Standard;
        string Escaped(string? value) => d.EscapeField(value ?? "");
        return $"MSH|^~\\&|{Escaped(options.SendingApplication ?? "HOSPITALOPS")}|{Escaped(options.SendingFacility ?? "MONITORING")}|{Escaped(options.ReceivingApplication)}|"
            + $"{Escaped(options.ReceivingFacility)}|{time}||NMQ^N01^NMQ_N01|{controlId}|{Escaped(options.ProcessingId)}|2.4\r"
            + $"NCK|{time}\r";
    }

    private static string FillTemplate(string template, Hl7ProbeOptions options, string time, string controlId)
    {
        var segments = template.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var delimiters = segments.Length == 0 ? null : Hl7Delimiters.FromHeader(segments[0]);
        if (delimiters is null)
        {
            throw new CollectionFailure(Hl7Errors.InvalidTemplate, ("reason", "it must start with an MSH segment such as MSH|^~\\&|…"));
        }

        // Split keeps MSH-1 out: index i holds MSH-(i+1), so MSH-2 is at 1 and MSH-10 at 9.
        var fields = segments[0].Split(delimiters.Field).ToList();
        void Set(int number, string? value)
        {
            if (value is null)
            {
                return;
            }

            while (fields.Count < number)
            {
                fields.Add("");
            }

            fields[number - 1] = value;
        }

        Set(3, options.SendingApplication is { } sa ? delimiters.EscapeField(sa) : null);
        Set(4, options.SendingFacility is { } sf ? delimiters.EscapeField(sf) : null);
        Set(5, options.ReceivingApplication is { } ra ? delimiters.EscapeField(ra) : null);
        Set(6, options.ReceivingFacility is { } rf ? delimiters.EscapeField(rf) : null);
        Set(7, time);
        Set(10, controlId);
        segments[0] = string.Join(delimiters.Field, fields);
        return string.Join('\r', segments) + "\r";
    }

    // MSH-10 is at most 20 characters in v2.4; 64 random bits make a repeat practically impossible.
    private static string NewControlId() => "HO" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}
