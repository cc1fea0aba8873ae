using System.Diagnostics;

namespace HospitalOps.Monitoring.Tests.Forwarding;

/// <summary>Polls a condition until it holds or a generous deadline passes (no fixed sleeps in the tests).</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = within ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        ValueAsync(() => Task.FromResult(condition()), v => v, what, within);
}
