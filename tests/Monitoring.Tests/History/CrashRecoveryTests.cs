using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HospitalOps.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Tests.History;

/// <summary>
/// The server process killed with SIGKILL in the middle of collecting, then started again on the
/// same data: the store opens cleanly and holds every sample older than one flush interval.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int FlushSeconds = 2;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", Guid.NewGuid().ToString("N"));
    private readonly (string Config, string History) _databases;
    private readonly int _port;

    public CrashRecoveryTests()
    {
        Directory.CreateDirectory(_dataDir);
        _databases = TestDatabases.Create(_dataDir);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task KillDuringIngest_RestartKeepsEverySampleOlderThanTheFlushInterval()
    {
        await using var exporter = await FakeExporter.StartAsync();
        var served = 0;
        exporter.Handler = context =>
        {
            var n = Interlocked.Increment(ref served);
            return context.Response.WriteAsync($"hospital_counter_total {n}\n");
        };

        var first = Start();
        long killedAt;
        int servedAtKill;
        List<(long T, int Value)> storedBeforeKill;
        long readAt;
        try
        {
            var admin = await SignInAsync(first);
            var ci = await admin.CiAsync("os-instance", "crash-host", "崩溃测试主机");
            await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "crash", address = exporter.Url, intervalSeconds = 1, timeoutSeconds = 1 });
            await Eventually.TrueAsync(() => Volatile.Read(ref served) >= 10, TimeSpan.FromSeconds(60));
            // What the store acknowledged just before the kill, including the samples still in memory.
            readAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            storedBeforeKill = await ReadCounterAsync(admin, readAt);
            servedAtKill = Volatile.Read(ref served);
            killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            first.Kill();
            await first.WaitForExitAsync();
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }
        }

        var second = Start();
        try
        {
            var admin = await SignInAsync(second);
            (await admin.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var afterRestart = await ReadCounterAsync(admin, killedAt);

            // Every sample the store held more than one flush interval (plus one collection in flight) before the kill survived.
            // A collection that timed out on a busy machine leaves no sample, so the sequence itself may have gaps.
            var mustSurvive = storedBeforeKill.Where(p => p.T <= readAt - ((FlushSeconds + 2) * 1000L)).ToList();
            mustSurvive.Count.ShouldBeGreaterThanOrEqualTo(3, $"only {storedBeforeKill.Count} samples were stored before the kill");
            afterRestart.Take(mustSurvive.Count).ShouldBe(mustSurvive);

            // Collection goes on where it stopped.
            await Eventually.TrueAsync(() => Volatile.Read(ref served) >= servedAtKill + 3, TimeSpan.FromSeconds(60));
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    private static async Task<List<(long T, int Value)>> ReadCounterAsync(ApiClient admin, long to)
    {
        var range = await (await admin.GetAsync($"/api/v1/monitoring/range?match=hospital_counter_total&from={to - 600_000}&to={to}")).JsonAsync();
        if (range.GetArrayLength() == 0)
        {
            return [];
        }

        return range[0].GetProperty("points").EnumerateArray().Select(p => ((long)p[0].GetDouble(), (int)p[1].GetDouble())).ToList();
    }

    private Process Start()
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HospitalOps.Host.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{_port}");
        info.Environment["HOSPITALOPS_DataDir"] = _dataDir;
        info.Environment["HOSPITALOPS_ConnectionStrings__Config"] = _databases.Config;
        info.Environment["HOSPITALOPS_ConnectionStrings__History"] = _databases.History;
        info.Environment["HOSPITALOPS_Monitoring__History__FlushSeconds"] = FlushSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["HOSPITALOPS_Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<ApiClient> SignInAsync(Process process)
    {
        var client = new ApiClient(new Uri($"http://127.0.0.1:{_port}"));
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}");
            }

            try
            {
                return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));
        var passwordFile = Path.Combine(_dataDir, "initial-admin-password");
        var password = File.ReadAllText(passwordFile).Trim();
        var login = await client.LoginAsync("admin", password);
        login.EnsureSuccessStatusCode();
        if ((await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean())
        {
            (await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = password, newPassword = TestHost.AdminPassword })).EnsureSuccessStatusCode();
            File.WriteAllText(passwordFile, TestHost.AdminPassword);
        }

        return client;
    }
}
