using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>The evaluation timestamps of one node: Start, Start+Interval, ... up to End.</summary>
internal readonly struct StepGrid
{
    public StepGrid(long start, long end, long interval)
    {
        Start = start;
        End = end;
        Interval = interval;
        Count = end < start ? 0 : (int)((end - start) / interval) + 1;
    }

    public long Start { get; }

    public long End { get; }

    public long Interval { get; }

    public int Count { get; }

    public long At(int step) => Start + (step * Interval);
}

internal abstract class EvalValue;

/// <summary>A scalar per step (scalars are always defined).</summary>
internal sealed class ScalarSteps(double[] values) : EvalValue
{
    public double[] Values { get; } = values;

    public static ScalarSteps Constant(double v, int steps)
    {
        var values = new double[steps];
        Array.Fill(values, v);
        return new ScalarSteps(values);
    }
}

internal sealed class StringResult(string value) : EvalValue
{
    public string Value { get; } = value;
}

/// <summary>
/// One output series of an instant-vector node over the whole grid: a value and a presence flag per step.
/// Series identity is fixed per node, so grouping and matching work is done once per series, not per step.
/// </summary>
internal sealed class StepSeries
{
    public StepSeries(Labels labels, int steps)
    {
        Labels = labels;
        Values = new double[steps];
        Present = new bool[steps];
    }

    public StepSeries(Labels labels, double[] values, bool[] present)
    {
        Labels = labels;
        Values = values;
        Present = present;
    }

    public Labels Labels { get; set; }

    public double[] Values { get; }

    public bool[] Present { get; }

    /// <summary>For raw vector selector output: the timestamps of the samples chosen (timestamp() needs them).</summary>
    public long[]? SampleTimes { get; set; }

    public bool Any() => Array.IndexOf(Present, true) >= 0;

    public StepSeries Copy() => new(Labels, (double[])Values.Clone(), (bool[])Present.Clone());

    public int CountPresent()
    {
        var n = 0;
        foreach (var p in Present)
        {
            if (p)
            {
                n++;
            }
        }

        return n;
    }
}

internal sealed class VectorSteps(List<StepSeries> series) : EvalValue
{
    public List<StepSeries> Series { get; } = series;
}

/// <summary>A series of raw points (a range selector's samples without stale markers, or a subquery's output).</summary>
internal sealed class PointSeries(Labels labels, Sample[] samples)
{
    public Labels Labels { get; } = labels;

    public Sample[] Samples { get; } = samples;
}

/// <summary>A range-vector result at the top of an instant query.</summary>
internal sealed class MatrixResult(List<PointSeries> series) : EvalValue
{
    public List<PointSeries> Series { get; } = series;
}

/// <summary>A range-vector argument: its series and how each step's window [maxt-range, maxt] is placed.</summary>
internal sealed class RangeInput(List<PointSeries> series, long rangeMs, long offsetMs, long? fixedTime)
{
    public List<PointSeries> Series { get; } = series;

    public long RangeMs { get; } = rangeMs;

    public long WindowEnd(long stepTime) => (fixedTime ?? stepTime) - offsetMs;
}
