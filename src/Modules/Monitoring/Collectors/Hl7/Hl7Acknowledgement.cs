using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// The MSA (and ERR) segment of a reply: the acknowledgement code (AA/AE/AR original mode,
/// CA/CE/CR enhanced mode), the control id it acknowledges, and the peer's explanation.
/// </summary>
internal sealed record Hl7Acknowledgement(string Code, string ControlId, string Text, string ErrorText, string MessageType)
{
    private const int MaxTextLength = 300;

    private static readonly string[] KnownCodes = ["AA", "AE", "AR", "CA", "CE", "CR"];

    /// <summary>AA or CA: the receiving application (or, in enhanced mode, the receiving system) accepted the message.</summary>
    public bool IsAccepted => Code is "AA" or "CA";

    /// <summary>MSA-3 and the ERR text together, for the failure message.</summary>
    public string Explanation => string.Join(" / ", new[] { Text, ErrorText }.Where(t => t.Length > 0).Distinct()) is { Length: > 0 } s ? s : "-";

    /// <summary>Reads the acknowledgement; fails with <see cref="Hl7Errors.Malformed"/> when the reply has none.</summary>
    public static Hl7Acknowledgement Parse(string reply)
    {
        var message = Hl7Message.TryParse(reply, out var problem) ?? throw Malformed(problem!);
        if (!message.HasSegment("MSA"))
        {
            throw Malformed($"the reply has no MSA segment (segments: {Hl7Message.Shorten(string.Join(",", message.SegmentNames), 60)})");
        }

        var code = message.Component("MSA", 1, 1).Trim().ToUpperInvariant();
        if (!KnownCodes.Contains(code))
        {
            throw Malformed($"MSA-1 \"{Hl7Message.Shorten(code, 10)}\" is not an acknowledgement code (AA, AE, AR, CA, CE, CR)");
        }

        return new Hl7Acknowledgement(
            code,
            message.Component("MSA", 2, 1).Trim(),
            Hl7Message.Shorten(message.Text("MSA", 3), MaxTextLength),
            Hl7Message.Shorten(ReadErrorText(message), MaxTextLength),
            Hl7Message.Shorten(message.Text("MSH", 9), 40));
    }

    // ERR changed shape in v2.5: the user message (ERR-8), the diagnostic (ERR-7) and the HL7
    // error code with its text (ERR-3) replaced v2.4's single ERR-1 "segment^sequence^field^code&text".
    private static string ReadErrorText(Hl7Message message)
    {
        if (!message.HasSegment("ERR"))
        {
            return "";
        }

        foreach (var candidate in new[] { message.Text("ERR", 8), message.Text("ERR", 7), message.Component("ERR", 3, 2), message.Text("ERR", 3) })
        {
            if (candidate.Length > 0)
            {
                return candidate;
            }
        }

        var v24Text = message.Subcomponent("ERR", 1, 4, 2);
        return v24Text.Length > 0 ? v24Text : message.Text("ERR", 1);
    }

    private static CollectionFailure Malformed(string reason) => new(Hl7Errors.Malformed, ("reason", reason));
}
