using System.Globalization;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Import;
using HospitalOps.Monitoring.Query;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Query;

/// <summary>Which queries read rollups and which raw samples, and what a rolled-up point is.</summary>
public sealed class RollupQueryTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private HistoryQueries _queries = null!;
    private long _end;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        _queries = _host.Services.GetRequiredService<HistoryQueries>();
        _end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
        var lines = new List<string>();
        var counter = 0.0;
        for (var t = _end - (2 * 86_400); t <= _end; t += 15)
        {
            // A sawtooth gauge (0 … 19 every 5 minutes) and a counter growing 2/s in the day and 1/s at night.
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"rollup_gauge {(t / 15) % 20} {t}"));
            counter += (t / 3600 % 24) is >= 8 and < 18 ? 30 : 15;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"rollup_requests_total {counter} {t}"));
        }

        lines.Sort(StringComparer.Ordinal);
        lines.Add("# EOF");
        var file = Path.Combine(_host.DataDir, "rollup.om");
        await File.WriteAllLinesAsync(file, lines);
        (await _host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(file, _ => { }, CancellationToken.None)).Imported.ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task APlainSelectorAtFiveMinuteSteps_ReadsTheBucketAverages()
    {
        var start = (_end - 86_400) * 1000;
        var raw = (MatrixValue)(await _queries.RangeAsync("rollup_gauge", start, _end * 1000, 60_000, CancellationToken.None)).Value;
        var rolled = (MatrixValue)(await _queries.RangeAsync("rollup_gauge", start, _end * 1000, 300_000, CancellationToken.None)).Value;

        // Raw: the sawtooth's latest sample at each minute; rolled up: each 5-minute bucket's mean of 0…19.
        raw.Series[0].Points.Select(p => p.V).Distinct().Count().ShouldBeGreaterThan(3);
        rolled.Series[0].Points.Count.ShouldBe(289);
        rolled.Series[0].Points.ShouldAllBe(p => p.V == 9.5);
    }

    [Fact]
    public async Task RateOverFiveMinutes_ReadsRawSamplesAtAnyStep_AndEqualsTheInstantAnswers()
    {
        var start = (_end - 86_400) * 1000;
        var hourly = (MatrixValue)(await _queries.RangeAsync("rate(rollup_requests_total[5m])", start, _end * 1000, 3_600_000, CancellationToken.None)).Value;

        hourly.Series[0].Points.Count.ShouldBe(25);
        foreach (var p in hourly.Series[0].Points)
        {
            var instant = (VectorValue)(await _queries.InstantAsync("rate(rollup_requests_total[5m])", p.T, CancellationToken.None)).Value;
            p.V.ShouldBe(instant.Samples[0].V);
        }
    }

    [Fact]
    public async Task RateOverAnHourAtHourlySteps_ReadsRollups_AndStaysCloseToTheRawAnswer()
    {
        var start = (_end - 86_400) * 1000;
        var source = (HistorySeriesSource)_queries.Source();
        var rolled = (MatrixValue)(await _queries.RangeAsync("rate(rollup_requests_total[1h])", start, _end * 1000, 3_600_000, CancellationToken.None)).Value;
        var rawAnswer = (MatrixValue)(await _queries.RangeAsync("rate(rollup_requests_total[1h])", start, _end * 1000, 60_000, CancellationToken.None)).Value;
        var rawByTime = rawAnswer.Series[0].Points.ToDictionary(p => p.T, p => p.V);

        rolled.Series[0].Points.Count.ShouldBe(25);
        foreach (var p in rolled.Series[0].Points)
        {
            p.V.ShouldBe(rawByTime[p.T], rawByTime[p.T] * 0.1);
        }

        // The rate is 2/s in working hours and 1/s at night, whichever way it is read.
        rolled.Series[0].Points.Max(p => p.V).ShouldBe(2, 0.1);
        rolled.Series[0].Points.Min(p => p.V).ShouldBe(1, 0.1);
        // Which resolution each read uses: hourly rollups only for ranges of two hours and more at hourly steps.
        var recent = (_end - 3600) * 1000;
        long Resolution(long step, long range) => source.ResolutionFor(new SelectRequest([], recent, recent + 3_600_000, step, "rate", range));
        Resolution(3_600_000, 3_600_000).ShouldBe(300_000);
        Resolution(3_600_000, 7_200_000).ShouldBe(3_600_000);
        Resolution(3_600_000, 300_000).ShouldBe(0);
        Resolution(60_000, 3_600_000).ShouldBe(0);
        Resolution(300_000, 0).ShouldBe(300_000);
        source.ResolutionFor(new SelectRequest([], (_end - (20 * 86_400)) * 1000, _end * 1000, 0, "rate", 300_000)).ShouldBe(300_000);
    }
    [Fact]
    public async Task ARolledUpRead_IncludesTheSeriesOwnSamplesStillInAHead_EvenOlderThanTheCurrentWindows()
    {
        // A head that has not been flushed for hours (a collector cut off from the database) holds the only copy of this
        // series' samples; a second series in another head holds older ones, which must not change what is read.
        var store = _host.Services.GetRequiredService<HistoryStore>();
        // The imported windows compacted: rollups stored, no raw window pending, so only the heads can add raw samples.
        await _host.Services.GetRequiredService<HistoryCompactor>().CompactAsync(default);
        var index = _host.Services.GetRequiredService<SeriesIndex>();
        var ids = await index.ResolveAsync([SeriesLabels.Of("head_gauge", []), SeriesLabels.Of("other_gauge", [])], CancellationToken.None);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sixHoursAgo = now - (6 * 3_600_000L);
        sixHoursAgo -= sixHoursAgo % 300_000;
        var first = await store.OpenHeadAsync(901, CancellationToken.None);
        using (var append = store.BeginAppend(first, sixHoursAgo + 60_000))
        {
            append.Append(append.Series(ids[0]), 7).ShouldBeTrue();
            append.Complete(markMissingStale: false);
        }

        var second = await store.OpenHeadAsync(902, CancellationToken.None);
        using (var append = store.BeginAppend(second, sixHoursAgo - 3_600_000))
        {
            append.Append(append.Series(ids[1]), 1).ShouldBeTrue();
            append.Complete(markMissingStale: false);
        }

        var start = now - (8 * 3_600_000L);
        var rolled = (MatrixValue)(await _queries.RangeAsync("head_gauge", start - (start % 300_000), now, 300_000, CancellationToken.None)).Value;

        // The point stands at the end of the bucket that holds the sample, and is seen by the lookback after it.
        rolled.Series.Count.ShouldBe(1);
        rolled.Series[0].Points.ShouldContain(p => p.T == sixHoursAgo + 300_000 && p.V == 7);
    }
}
