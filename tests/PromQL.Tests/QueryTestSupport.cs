using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Tests;

internal static class QueryTestSupport
{
    public const long Minute = 60_000;

    public static InMemorySeriesSource Source(params (string Series, long StepMs, double?[] Values)[] series)
    {
        var source = new InMemorySeriesSource();
        foreach (var (text, step, values) in series)
        {
            var (labels, _) = Conformance.TestScript.ParseSeriesHead(text);
            var samples = values.Select((v, i) => (v, i)).Where(x => x.v != null).Select(x => new Sample(x.i * step, x.v!.Value));
            source.Add(labels, samples);
        }

        return source;
    }

    public static VectorValue Instant(this QueryEngine engine, InMemorySeriesSource source, string query, long t) =>
        (VectorValue)engine.InstantAsync(source, query, t, CancellationToken.None).GetAwaiter().GetResult().Value;
}
