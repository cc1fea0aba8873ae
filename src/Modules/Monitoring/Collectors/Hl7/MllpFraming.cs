using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// The Minimal Lower Layer Protocol (HL7 v2 implementation guide, appendix C): a message is sent
/// as 0x0B, the message bytes, 0x1C 0x0D. Reading stops at a size cap, so a peer that never sends
/// the end block cannot make us buffer without limit.
/// </summary>
internal static class MllpFraming
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    public static byte[] Wrap(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = StartBlock;
        message.CopyTo(frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }

    /// <summary>
    /// Reads one frame, however the peer splits it into TCP segments, and returns its content.
    /// Fails with <see cref="Hl7Errors.Malformed"/> on bytes outside a frame, a frame larger than
    /// <paramref name="maxBytes"/>, or a connection closed before the end block.
    /// </summary>
    public static async Task<byte[]> ReadFrameAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var content = new MemoryStream();
        var started = false;
        var sawEndBlock = false;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                if (sawEndBlock)
                {
                    // Some senders close right after 0x1C; the message itself is complete.
                    return content.ToArray();
                }

                throw Malformed(started
                    ? $"the connection closed in the middle of the reply after {content.Length} bytes"
                    : "the connection closed without a reply");
            }

            var chunk = buffer.AsSpan(0, read);
            if (!started)
            {
                if (chunk[0] != StartBlock)
                {
                    throw Malformed($"the reply does not start with the MLLP start block 0x0B but with \"{Preview(chunk)}\"");
                }

                started = true;
                chunk = chunk[1..];
            }

            if (sawEndBlock)
            {
                return chunk.Length > 0 && chunk[0] != CarriageReturn ? throw MissingCarriageReturn() : content.ToArray();
            }

            var end = chunk.IndexOf(EndBlock);
            var payload = end < 0 ? chunk : chunk[..end];
            if (content.Length + payload.Length > maxBytes)
            {
                throw Malformed($"the reply is larger than {maxBytes} bytes without an MLLP end block");
            }

            content.Write(payload);
            if (end < 0)
            {
                continue;
            }

            if (end + 1 < chunk.Length)
            {
                return chunk[end + 1] == CarriageReturn ? content.ToArray() : throw MissingCarriageReturn();
            }

            sawEndBlock = true;
        }
    }

    private static CollectionFailure MissingCarriageReturn() => Malformed("the MLLP end block 0x1C is not followed by 0x0D");

    private static CollectionFailure Malformed(string reason) => new(Hl7Errors.Malformed, ("reason", reason));

    private static string Preview(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes[..Math.Min(bytes.Length, 24)];
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '.';
        }

        return new string(chars);
    }
}
