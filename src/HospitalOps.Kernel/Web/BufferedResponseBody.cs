using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Web;

/// <summary>
/// A response body kept in memory while it is small, then sent with its Content-Length in one write: headers and body
/// leave in one segment and the client reads exactly that many bytes, instead of chunks and a closing chunk sent
/// apart. A body that grows past <c>limit</c> is handed to the response as it is written (chunked), so a large answer
/// is never held whole.
/// </summary>
public sealed class BufferedResponseBody : IBufferWriter<byte>, IDisposable
{
    public const int DefaultLimit = 256 * 1024;

    private readonly HttpResponse _response;
    private readonly PipeWriter _body;
    private readonly int _limit;
    private byte[] _buffer;
    private int _written;
    private bool _streaming;

    public BufferedResponseBody(HttpResponse response, int limit = DefaultLimit)
    {
        _response = response;
        _body = response.BodyWriter;
        _limit = limit;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(16 * 1024, limit));
    }

    /// <summary>True once the body outgrew the limit and is being streamed.</summary>
    public bool IsStreaming => _streaming;

    public void Advance(int count)
    {
        if (_streaming)
        {
            _body.Advance(count);
        }
        else
        {
            _written += count;
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (!_streaming && Reserve(sizeHint))
        {
            return _buffer.AsMemory(_written);
        }

        return _body.GetMemory(sizeHint);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (!_streaming && Reserve(sizeHint))
        {
            return _buffer.AsSpan(_written);
        }

        return _body.GetSpan(sizeHint);
    }

    /// <summary>Sends what is held (with its length) or flushes the rest of a streamed body.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_streaming)
        {
            await _body.FlushAsync(cancellationToken);
            return;
        }

        _response.ContentLength = _written;
        await _body.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Makes room in memory for <paramref name="sizeHint"/> bytes, or switches to streaming (false).</summary>
    private bool Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return true;
        }

        if (needed > _limit)
        {
            // Everything held so far goes out first, then the writer writes into the response's own buffers.
            _body.Write(_buffer.AsSpan(0, _written));
            _streaming = true;
            return false;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(needed, _buffer.Length * 2), _limit));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
        return true;
    }
}
