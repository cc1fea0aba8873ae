using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>
/// <c>POST /prometheus/api/v1/write</c>: the remote-write receiver (protobuf, snappy block format, as Prometheus
/// 2.42 sends it). 204 once stored; 400 with the reason in words for a request a retry cannot fix (Prometheus then
/// drops it); 5xx for a failure a retry may fix.
/// </summary>
internal static class RemoteWriteEndpoint
{
    /// <summary>A decompressed request larger than this is refused (Prometheus's batches are far smaller).</summary>
    private const int MaxDecodedBytes = 64 * 1024 * 1024;

    public static async Task<IResult> Receive(HttpContext context, RemoteWriteIngest ingest, ILoggerFactory logs, CancellationToken ct)
    {
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text($"unsupported Content-Encoding \"{encoding}\": remote write is snappy-compressed protobuf", statusCode: 415);
        }

        byte[] compressed;
        try
        {
            compressed = await ReadBodyAsync(context.Request, ct);
        }
        catch (BadHttpRequestException ex)
        {
            return Results.Text(ex.Message, statusCode: ex.StatusCode);
        }

        ReceivedWrite write;
        try
        {
            var length = DecodedLength(compressed);
            if (length > (ulong)MaxDecodedBytes)
            {
                return Results.Text($"the request decompresses to {length} bytes, more than the {MaxDecodedBytes} accepted", statusCode: 413);
            }

            write = RemoteWriteDecoder.Decode(IronSnappy.Snappy.Decode(compressed));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or IndexOutOfRangeException)
        {
            return Results.Text($"the body is not a snappy-compressed remote-write request: {ex.Message}", statusCode: 400);
        }

        if (RemoteWriteIngest.Validate(write) is { } problem)
        {
            return Results.Text(problem, statusCode: 400);
        }

        var outcome = await ingest.StoreAsync(write, ct);
        if (outcome.OutOfOrder + outcome.TooNew + outcome.Histograms > 0)
        {
            logs.CreateLogger(typeof(RemoteWriteEndpoint)).LogDebug(
                "Remote write: {Stored} samples stored, {OutOfOrder} out of order, {TooNew} too far ahead, {Histograms} native histograms left out",
                outcome.Stored, outcome.OutOfOrder, outcome.TooNew, outcome.Histograms);
        }

        return Results.NoContent();
    }

    /// <summary>The length a snappy block declares in its leading varint, read before decompressing anything.</summary>
    private static ulong DecodedLength(byte[] block)
    {
        ulong length = 0;
        for (int i = 0, shift = 0; i < block.Length && shift < 35; i++, shift += 7)
        {
            length |= (ulong)(block[i] & 0x7f) << shift;
            if (block[i] < 0x80)
            {
                return length;
            }
        }

        throw new FormatException("the snappy header is truncated");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 64 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
        }
    }
}
