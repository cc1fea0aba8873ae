namespace HospitalOps.Cmdb.Availability;

/// <summary>One business system's cells, keyed by component id in ascending order.</summary>
internal sealed record FailureMatrixRow(long BusinessId, IReadOnlyDictionary<long, FailureCell> Cells);
