using System.Collections.Concurrent;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Tests.Conformance;

public sealed record ConformanceCase(string DisplayName, string File, int Line);

/// <summary>
/// Runs each script file once, in order (loads and clears apply to the evaluations after them), and keeps every
/// evaluation's outcome so each test case only looks its own up.
/// </summary>
public static class ConformanceSuite
{
    public const string MissingSuiteFile = "<missing>";

    private static readonly ConcurrentDictionary<string, Lazy<Dictionary<int, string?>>> Runs = new();

    public static IEnumerable<ConformanceCase> Cases()
    {
        var folder = SuiteLocator.Find();
        var files = folder == null ? [] : Directory.GetFiles(folder, "*.test").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            yield return new ConformanceCase("conformance suite not found", MissingSuiteFile, 0);
            yield break;
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            List<EvalCommand> evals;
            string? error = null;
            try
            {
                evals = TestScript.Parse(File.ReadAllText(file)).OfType<EvalCommand>().ToList();
            }
            catch (FormatException e)
            {
                evals = [];
                error = e.Message;
            }

            if (error != null)
            {
                // A script this runner cannot read fails visibly instead of silently contributing no cases.
                yield return new ConformanceCase($"{name}:0 unreadable script: {error}", file, 0);
                continue;
            }

            foreach (var eval in evals)
            {
                yield return new ConformanceCase($"{name}:{eval.Line} {eval.Text}", file, eval.Line);
            }
        }
    }

    /// <summary>Null when the evaluation at <paramref name="line"/> passed, otherwise why it failed.</summary>
    public static string? Outcome(string file, int line)
    {
        if (line == 0)
        {
            return "the script could not be parsed";
        }

        var results = Runs.GetOrAdd(file, f => new Lazy<Dictionary<int, string?>>(() => RunFile(f))).Value;
        return results.TryGetValue(line, out var outcome) ? outcome : $"no evaluation at line {line}";
    }

    private static Dictionary<int, string?> RunFile(string file)
    {
        var source = new InMemorySeriesSource();
        var engine = new QueryEngine(new QueryOptions());
        var results = new Dictionary<int, string?>();
        foreach (var command in TestScript.Parse(File.ReadAllText(file)))
        {
            switch (command)
            {
                case ClearCommand:
                    source.Clear();
                    break;
                case LoadCommand load:
                    foreach (var (labels, samples) in load.Series)
                    {
                        source.Add(labels, samples);
                    }

                    break;
                case EvalCommand eval:
                    results[eval.Line] = Run(engine, source, eval);
                    break;
            }
        }

        return results;
    }

    private static string? Run(QueryEngine engine, InMemorySeriesSource source, EvalCommand eval)
    {
        if (eval.Range is { } r)
        {
            return RunRange(engine, source, eval, r.Start, r.End, r.Step);
        }

        QueryResult instant;
        try
        {
            instant = engine.InstantAsync(source, eval.Query, eval.TimeMs, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (PromQLException e)
        {
            return eval.Kind == EvalKind.Fail ? null : $"error evaluating query: {e.Message}";
        }

        if (eval.Kind == EvalKind.Fail)
        {
            return "expected an error but the query succeeded";
        }

        var error = Compare(eval, instant.Value);
        if (error != null)
        {
            return error;
        }

        // Like Prometheus's own test, the same expression must give the same result as the middle step of a range query.
        QueryResult range;
        try
        {
            range = engine.RangeAsync(source, eval.Query, eval.TimeMs - 60_000, eval.TimeMs + 60_000, 60_000, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (PromQLException e)
        {
            return $"error evaluating query in range mode: {e.Message}";
        }

        if (eval.Kind == EvalKind.Ordered)
        {
            return null;
        }

        var matrix = (MatrixValue)range.Value;
        var middle = new List<VectorSample>();
        foreach (var series in matrix.Series)
        {
            foreach (var p in series.Points)
            {
                if (p.T == eval.TimeMs)
                {
                    middle.Add(new VectorSample(series.Labels, p.T, p.V));
                    break;
                }
            }
        }

        QueryValue asInstant = instant.Value is ScalarValue ? new ScalarValue(eval.TimeMs, middle.Count > 0 ? middle[0].V : double.NaN) : new VectorValue(middle);
        var rangeError = Compare(eval, asInstant);
        return rangeError == null ? null : "range mode: " + rangeError;
    }

    private static string? RunRange(QueryEngine engine, InMemorySeriesSource source, EvalCommand eval, long start, long end, long step)
    {
        MatrixValue matrix;
        try
        {
            matrix = (MatrixValue)engine.RangeAsync(source, eval.Query, start, end, step, CancellationToken.None).GetAwaiter().GetResult().Value;
        }
        catch (PromQLException e)
        {
            return eval.Kind == EvalKind.Fail ? null : $"error evaluating range query: {e.Message}";
        }

        if (eval.Kind == EvalKind.Fail)
        {
            return "expected an error but the query succeeded";
        }

        var expected = eval.ExpectedSeries.ToDictionary(e => e.Labels, e => e.Values);
        foreach (var series in matrix.Series)
        {
            if (!expected.TryGetValue(series.Labels, out var values))
            {
                return $"unexpected series {series.Labels} in result";
            }

            var points = new List<Sample>();
            for (var k = 0; k < values.Count; k++)
            {
                if (values[k] is { } v)
                {
                    points.Add(new Sample(start + (k * step), v));
                }
            }

            if (points.Count != series.Points.Count)
            {
                return $"expected {points.Count} points for {series.Labels} but got {series.Points.Count}";
            }

            for (var k = 0; k < points.Count; k++)
            {
                if (points[k].T != series.Points[k].T || !AlmostEqual(points[k].V, series.Points[k].V))
                {
                    return $"expected {points[k].V} at {points[k].T} for {series.Labels} but got {series.Points[k].V} at {series.Points[k].T}";
                }
            }
        }

        var missing = eval.ExpectedSeries.FirstOrDefault(e => matrix.Series.All(s => !s.Labels.Equals(e.Labels)));
        return missing.Labels == null ? null : $"expected series {missing.Labels} not found";
    }

    private static string? Compare(EvalCommand eval, QueryValue value)
    {
        switch (value)
        {
            case ScalarValue s:
                if (eval.ExpectedScalar is not { } expectedScalar)
                {
                    return $"got scalar {s.V} but expected a vector";
                }

                return AlmostEqual(expectedScalar, s.V) ? null : $"expected scalar {expectedScalar} but got {s.V}";
            case VectorValue v:
                {
                    if (eval.ExpectedScalar != null)
                    {
                        return "expected a scalar but got a vector";
                    }

                    var expected = eval.Expected.ToDictionary(e => e.Labels);
                    var positions = eval.Expected.Select((e, i) => (e.Labels, i)).ToDictionary(x => x.Labels, x => x.i);
                    var seen = new HashSet<Labels>();
                    for (var pos = 0; pos < v.Samples.Count; pos++)
                    {
                        var sample = v.Samples[pos];
                        if (!expected.TryGetValue(sample.Labels, out var exp))
                        {
                            return $"unexpected metric {sample.Labels} in result (value {sample.V})";
                        }

                        if (eval.Kind == EvalKind.Ordered && positions[sample.Labels] != pos)
                        {
                            return $"expected metric {sample.Labels} at position {positions[sample.Labels] + 1} but was at {pos + 1}";
                        }

                        if (!AlmostEqual(exp.Value, sample.V))
                        {
                            return $"expected {exp.Value} for {sample.Labels} but got {sample.V}";
                        }

                        seen.Add(sample.Labels);
                    }

                    var missing = eval.Expected.FirstOrDefault(e => !seen.Contains(e.Labels));
                    return missing == null ? null : $"expected metric {missing.Labels} with {missing.Value} not found; got {v.Samples.Count} samples";
                }

            default:
                return "received range result on instant evaluation";
        }
    }

    /// <summary>Prometheus's test comparison: relative difference under 1e-6, NaN equal to NaN.</summary>
    public static bool AlmostEqual(double a, double b)
    {
        const double epsilon = 0.000001;
        const double minNormal = 2.2250738585072014e-308;
        if (double.IsNaN(a) && double.IsNaN(b))
        {
            return true;
        }

        if (a == b)
        {
            return true;
        }

        var diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || diff < minNormal)
        {
            return diff < epsilon * minNormal;
        }

        return diff / (Math.Abs(a) + Math.Abs(b)) < epsilon;
    }
}
