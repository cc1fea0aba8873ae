using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace HospitalOps.Bench.AlertStorm;

/// <summary>What happened to one post: when it was due, when it went out and was answered, and the answer.</summary>
internal readonly record struct PostResult(double Due, double Start, double End, int Status, int Opened, string? Error);

/// <summary>
/// Sends the plan's posts on schedule (post p is due at t0 + p × interval) with at most <c>concurrency</c> in flight.
/// A post that cannot leave on time leaves as soon as a connection is free: the lag is recorded, never hidden, and no
/// post is skipped or retried (a failed post is counted as failed; its alerts are re-sent by later posts as any others).
/// </summary>
internal sealed class Sender(StormPlan plan, Uri url, string? token, int concurrency, TimeSpan timeout)
{
    public async Task<PostResult[]> RunAsync(byte[][] bodies, double t0, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        var results = new PostResult[bodies.Length];
        var next = -1;
        async Task WorkerAsync()
        {
            while (true)
            {
                var p = Interlocked.Increment(ref next);
                if (p >= bodies.Length)
                {
                    return;
                }

                var due = t0 + p * plan.IntervalMs;
                var wait = due - Clock.NowMs();
                if (wait > 0.5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new ByteArrayContent(bodies[p]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var start = Clock.NowMs();
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var opened = 0;
                    if (response.IsSuccessStatusCode && body.StartsWith('{'))
                    {
                        using var doc = JsonDocument.Parse(body);
                        if (doc.RootElement.TryGetProperty("opened", out var o))
                        {
                            opened = o.GetInt32();
                        }
                    }

                    results[p] = new PostResult(due, start, Clock.NowMs(), (int)response.StatusCode, opened,
                        response.IsSuccessStatusCode ? null : body.Length > 300 ? body[..300] : body);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    results[p] = new PostResult(due, start, Clock.NowMs(), 0, 0, ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, ct)));
        return results;
    }
}
