using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace HospitalOps.Bench.TicketScale;

/// <summary>
/// <c>board</c>: how long each board takes to build, then an open board stream (as a browser holds it) and <c>--changes</c> ticket
/// changes through the API, one at a time: a new P1 ticket, then its acceptance, in turn. For each: from the change's HTTP response to
/// the stream's <c>changed</c> event, and to the information board fetched again after it (what the page does on the event).
/// </summary>
internal static class BoardLatency
{
    private static readonly string[] Boards = ["information", "dispatch", "status", "service-model"];

    public static async Task<int> RunAsync(Options o)
    {
        var url = o.Arg("--url");
        var changes = o.Int("--changes", 100);
        using var client = await Api.AdminAsync(url, o.Arg("--data-dir"));
        var loadBefore = Stats.LoadAverage();
        var build = new Dictionary<string, object?>();
        foreach (var board in Boards)
        {
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 23; i++)
            {
                var sw = Stopwatch.StartNew();
                var body = await client.GetByteArrayAsync($"/api/v1/service-desk/boards/{board}");
                sw.Stop();
                bytes = body.Length;
                if (i >= 3)
                {
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }

            var s = Stats.Summary(times);
            s["bytes"] = bytes;
            build[board] = s;
            Console.Error.WriteLine($"  board {board,-14} p50 {s["p50"],7:0.0} p95 {s["p95"],7:0.0} max {s["max"],7:0.0} ms, {bytes / 1024.0:N0} KiB");
        }

        var clock = Stopwatch.StartNew();
        var events = Channel.CreateUnbounded<double>();
        var ready = new TaskCompletionSource();
        using var streamCts = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-desk/boards/stream");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, streamCts.Token);
            response.EnsureSuccessStatusCode();
            using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(streamCts.Token));
            while (await lines.ReadLineAsync(streamCts.Token) is { } line)
            {
                if (line == "event: ready")
                {
                    ready.TrySetResult();
                }
                else if (line == "event: changed")
                {
                    events.Writer.TryWrite(clock.Elapsed.TotalMilliseconds);
                }
            }
        });
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var toEvent = new List<double>();
        var sentToEvent = new List<double>();
        var toBoard = new List<double>();
        var change = new List<double>();
        var missed = 0;
        long ticketId = 0;
        var version = 0;
        for (var i = 0; i < changes; i++)
        {
            while (events.Reader.TryRead(out _))
            {
            }

            var sent = clock.Elapsed.TotalMilliseconds;
            HttpResponseMessage response;
            if (i % 2 == 0)
            {
                response = await client.PostAsJsonAsync("/api/v1/service-desk/tickets", new
                {
                    type = "incident", title = $"门诊 HIS 挂号 失败（看板延迟测试 {i / 2 + 1}）", description = "门诊一楼收费处来电：挂号窗口全部无法出号。",
                    channel = "phone", impact = 1, urgency = 1,
                });
                await Ensure(response);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                ticketId = doc.RootElement.GetProperty("id").GetInt64();
                version = doc.RootElement.GetProperty("version").GetInt32();
            }
            else
            {
                response = await client.PostAsJsonAsync($"/api/v1/service-desk/tickets/{ticketId}/transitions/accept", new { version });
                await Ensure(response);
            }

            var answered = clock.Elapsed.TotalMilliseconds;
            response.Dispose();
            change.Add(answered - sent);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            double at;
            try
            {
                at = await events.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                missed++;
                continue;
            }

            toEvent.Add(Math.Max(0, at - answered));
            sentToEvent.Add(at - sent);
            await client.GetByteArrayAsync("/api/v1/service-desk/boards/information");
            toBoard.Add(clock.Elapsed.TotalMilliseconds - answered);
            // Past the stream's coalescing window, so that the next change gets its own notice.
            await Task.Delay(400);
        }

        await streamCts.CancelAsync();
        try
        {
            await reader;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }

        var output = new Dictionary<string, object?>
        {
            ["build_ms"] = build, ["changes"] = changes, ["missed"] = missed, ["change_ms"] = Stats.Summary(change),
            ["response_to_event_ms"] = Stats.Summary(toEvent), ["sent_to_event_ms"] = Stats.Summary(sentToEvent), ["response_to_board_ms"] = Stats.Summary(toBoard),
            ["load_before"] = loadBefore, ["load_after"] = Stats.LoadAverage(),
        };
        var e = Stats.Summary(toEvent);
        var b = Stats.Summary(toBoard);
        Console.Error.WriteLine($"  {changes} changes, {missed} without an event; response → event p50 {e["p50"]:0.0} p95 {e["p95"]:0.0} max {e["max"]:0.0} ms; " +
            $"response → board fetched p50 {b["p50"]:0.0} p95 {b["p95"]:0.0} max {b["max"]:0.0} ms");
        await File.WriteAllTextAsync(o.Arg("--out"), JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task Ensure(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        }
    }
}
