using System.Collections.Concurrent;
using System.Net.Sockets;

namespace HospitalOps.Monitoring.Tests.Collectors.Hl7;

/// <summary>
/// A small, honest HL7 v2 receiver: reads the message, parses its MSH with the delimiters it
/// declares, and acknowledges it with the same control id — AA by default, or the code the test
/// asks for (AE/AR/CA…) with a reason in MSA-3 and ERR. Can dribble the ACK out in small TCP
/// segments, as some interface engines do.
/// </summary>
internal sealed class Hl7TestResponder : IAsyncDisposable
{
    private readonly MllpTestPeer _peer;

    public Hl7TestResponder(string code = "AA", string? errorText = null, int chunkBytes = 0, Func<string, string>? controlIdOverride = null)
    {
        _peer = new MllpTestPeer(async (stream, ct) =>
        {
            while (await MllpTestPeer.ReadFrameAsync(stream, ct) is { } message)
            {
                Received.Enqueue(message);
                var ack = Acknowledge(message, code, errorText, controlIdOverride);
                var frame = MllpTestPeer.Frame(ack);
                if (chunkBytes <= 0)
                {
                    await stream.WriteAsync(frame, ct);
                    continue;
                }

                for (var i = 0; i < frame.Length; i += chunkBytes)
                {
                    await stream.WriteAsync(frame.AsMemory(i, Math.Min(chunkBytes, frame.Length - i)), ct);
                    await stream.FlushAsync(ct);
                    // Spacing the writes out makes each one its own TCP segment (NoDelay is on).
                    await Task.Delay(2, ct);
                }
            }
        });
    }

    public int Port => _peer.Port;

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Field <paramref name="number"/> of the MSH of a received message, numbered as the standard does.</summary>
    public static string MshField(string message, int number)
    {
        var msh = message.Split('\r')[0];
        return number == 1 ? msh[3].ToString() : msh.Split(msh[3])[number - 1];
    }

    private static string Acknowledge(string message, string code, string? errorText, Func<string, string>? controlIdOverride)
    {
        var segments = message.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !segments[0].StartsWith("MSH", StringComparison.Ordinal) || segments[0].Length < 8)
        {
            return "MSH|^~\\&|RESPONDER|TEST|||20260101000000||ACK|R1|P|2.4\rMSA|AR||No MSH segment\r";
        }

        var fieldSeparator = segments[0][3];
        var msh = segments[0].Split(fieldSeparator);
        string Msh(int n) => n - 1 < msh.Length ? msh[n - 1] : "";
        var controlId = Msh(10);
        if (controlId.Length == 0)
        {
            code = "AR";
            errorText = "MSH-10 is empty";
        }

        var trigger = Msh(9).Split('^').ElementAtOrDefault(1) ?? "";
        var f = fieldSeparator;
        var ack = $"MSH{f}{Msh(2)}{f}{Msh(5)}{f}{Msh(6)}{f}{Msh(3)}{f}{Msh(4)}{f}20260101000000{f}{f}ACK^{trigger}^ACK{f}ACK{controlId}{f}P{f}{Msh(12)}\r"
            + $"MSA{f}{code}{f}{controlIdOverride?.Invoke(controlId) ?? controlId}{(errorText is null ? "" : f + errorText)}\r";
        if (errorText is not null)
        {
            ack += $"ERR{f}{f}{f}207^Application internal error^HL70357{f}E{f}{f}{f}{f}{errorText} (ERR-8)\r";
        }

        return ack;
    }

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
