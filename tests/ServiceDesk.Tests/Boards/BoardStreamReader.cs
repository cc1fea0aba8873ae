using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace HospitalOps.ServiceDesk.Tests.Boards;

/// <summary>One Server-Sent Event as read off the wire: its type and data, or a comment (a heartbeat).</summary>
internal sealed record SseEvent(string? Type, string Data, string? Comment);

/// <summary>Reads the boards' event stream as a browser's EventSource would: one long response, read as it arrives.</summary>
internal sealed class BoardStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private BoardStreamReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<BoardStreamReader> OpenAsync(HttpClient http, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new BoardStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    /// <summary>The next event (comments included), or null when none came within <paramref name="within"/>.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? type = null, comment = null;
        var data = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    if (type is not null || data.Length > 0 || comment is not null)
                    {
                        return new SseEvent(type, data.ToString(), comment);
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line["data:".Length..].Trim());
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next event of <paramref name="type"/>, skipping heartbeats and others; null when none came in time.</summary>
    public async Task<SseEvent?> NextOfTypeAsync(string type, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            var e = await NextAsync(within - watch.Elapsed);
            if (e is null)
            {
                return null;
            }

            if (e.Type == type)
            {
                return e;
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
