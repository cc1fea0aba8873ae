using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>
/// A throwaway Prometheus 2.42 (Debian's package, path in HOSPITALOPS_TEST_PROMETHEUS_BIN) on a free loopback port
/// with a configuration the test writes, and its query API.
/// </summary>
internal sealed class PrometheusPeer : IAsyncDisposable
{
    public const string BinaryVariable = "HOSPITALOPS_TEST_PROMETHEUS_BIN";

    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http;

    private PrometheusPeer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public string Log => File.Exists(Path.Combine(_dir, "prometheus.log")) ? File.ReadAllText(Path.Combine(_dir, "prometheus.log")) : string.Empty;

    /// <summary>Starts Prometheus with the configuration <paramref name="config"/> builds from its own port.</summary>
    public static async Task<PrometheusPeer> StartAsync(Func<int, string> config, Func<string, Task>? prepareData = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", "prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        if (prepareData is not null)
        {
            await prepareData(Path.Combine(dir, "data"));
        }

        var port = FreePort();
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), config(port));
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable(BinaryVariable)!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add($"--config.file={Path.Combine(dir, "prometheus.yml")}");
        info.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(dir, "data")}");
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        info.ArgumentList.Add("--log.level=warn");
        var process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(dir, "prometheus.log")) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var peer = new PrometheusPeer(process, dir, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await peer._http.GetAsync("/-/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return peer;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var text = peer.Log;
                await peer.DisposeAsync();
                throw new InvalidOperationException("prometheus did not start: " + text);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The raw samples of each series of <paramref name="selector"/> over the last <paramref name="range"/> (an instant query of a range selector).</summary>
    public async Task<Dictionary<string, List<(long T, double V)>>> RawAsync(string selector, string range, string keyLabel)
    {
        var json = await GetJsonAsync($"/api/v1/query?query={Uri.EscapeDataString(selector + "[" + range + "]")}");
        var result = new Dictionary<string, List<(long, double)>>();
        foreach (var series in json.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var key = series.GetProperty("metric").TryGetProperty(keyLabel, out var k) ? k.GetString()! : string.Empty;
            result[key] = series.GetProperty("values").EnumerateArray()
                .Select(p => ((long)Math.Round(p[0].GetDouble() * 1000), double.Parse(p[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
        }

        return result;
    }

    public HttpClient Http => _http;

    public async Task<JsonElement> GetJsonAsync(string pathAndQuery)
    {
        var response = await _http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
