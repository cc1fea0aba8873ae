using System.Diagnostics;

namespace HospitalOps.Tests.Support;

/// <summary>Waits for background work to reach a state: the limit is generous and only guards against a hang, it measures nothing.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan? limit = null, string? what = null) =>
        TrueAsync(() => Task.FromResult(condition()), limit, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? limit = null, string? what = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((limit ?? TimeSpan.FromSeconds(30)).TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what ?? "the condition"} was not met in time");
            }

            await Task.Delay(50);
        }
    }
}
