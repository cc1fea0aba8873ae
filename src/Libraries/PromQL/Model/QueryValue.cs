namespace HospitalOps.PromQL.Model;

/// <summary>What a query evaluates to: a scalar, a string, an instant vector or a range matrix.</summary>
public abstract record QueryValue
{
    /// <summary>Prometheus's <c>resultType</c>: scalar, string, vector or matrix.</summary>
    public abstract string ResultType { get; }
}

public sealed record ScalarValue(long T, double V) : QueryValue
{
    public override string ResultType => "scalar";
}

public sealed record StringValue(long T, string V) : QueryValue
{
    public override string ResultType => "string";
}

public readonly record struct VectorSample(Labels Labels, long T, double V);

public sealed record VectorValue(IReadOnlyList<VectorSample> Samples) : QueryValue
{
    public override string ResultType => "vector";
}

public sealed record RangeSeries(Labels Labels, IReadOnlyList<Sample> Points);

public sealed record MatrixValue(IReadOnlyList<RangeSeries> Series) : QueryValue
{
    public override string ResultType => "matrix";
}

/// <summary>The result and what the engine noticed on the way (warnings) and loaded (samples).</summary>
public sealed record QueryResult(QueryValue Value, IReadOnlyList<string> Warnings, long SamplesLoaded);
