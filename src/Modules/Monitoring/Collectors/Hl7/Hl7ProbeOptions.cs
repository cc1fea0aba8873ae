using System.Text;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>Where to send the probe message and how it is addressed.</summary>
internal sealed record Hl7ProbeOptions(string Host, int Port)
{
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>For the whole round trip: connect, send, and the complete acknowledgement.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest acknowledgement accepted.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    // MSH-3 to MSH-6 may hold components (HD: namespace^universal id^type); they are sent as given.
    // Null means: HOSPITALOPS / MONITORING / empty in the default message, the template's own value in a template.

    /// <summary>MSH-3.</summary>
    public string? SendingApplication { get; init; }

    /// <summary>MSH-4.</summary>
    public string? SendingFacility { get; init; }

    /// <summary>MSH-5, often the interface engine's name for the channel.</summary>
    public string? ReceivingApplication { get; init; }

    /// <summary>MSH-6.</summary>
    public string? ReceivingFacility { get; init; }

    /// <summary>MSH-11 of the default message: P (production), D (debugging) or T (training).</summary>
    public string ProcessingId { get; init; } = "P";

    /// <summary>
    /// A message to send instead of the default NMQ^N01, MSH first, segments separated by CR or
    /// newlines. MSH-7 and MSH-10 are always filled in by the probe.
    /// </summary>
    public string? MessageTemplate { get; init; }

    /// <summary>Character set on the wire (MSH-18 is not interpreted).</summary>
    public Encoding Encoding { get; init; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
