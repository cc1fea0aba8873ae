namespace HospitalOps.Cmdb.Availability;

internal static partial class AvailabilityAnalysis
{
    /// <summary>
    /// For each business system and each non-business CI in its closure, what that CI failing alone does to it.
    /// One bottom-up pass over the union of the closures serves every row, because a node's single-failure map
    /// does not depend on who asks.
    /// </summary>
    public static FailureMatrix Matrix(this AvailabilityGraph graph, IReadOnlyCollection<long>? businessIds = null)
    {
        ArgumentNullException.ThrowIfNull(graph);

        var roots = new List<int>();
        var unknown = new List<long>();
        if (businessIds is null)
        {
            for (var v = 0; v < graph.NodeCount; v++)
            {
                if (graph.IsBusiness[v])
                {
                    roots.Add(v);
                }
            }
        }
        else
        {
            var seen = new HashSet<int>();
            foreach (var id in businessIds)
            {
                if (!graph.TryGetIndex(id, out var v))
                {
                    unknown.Add(id);
                }
                else if (seen.Add(v))
                {
                    roots.Add(v);
                }
            }
        }

        var closure = LocalClosure.Build(graph, roots);
        var singles = SingleFailures.Compute(closure);
        var rows = new List<FailureMatrixRow>(roots.Count);
        var components = new HashSet<long>();
        foreach (var root in roots)
        {
            var local = closure.LocalOf(root);
            var outcome = singles.Self[local];
            var cells = new List<KeyValuePair<long, FailureCell>>();
            foreach (var u in closure.Reachable(local))
            {
                var v = closure.Global[u];
                if (u == local || graph.IsBusiness[v])
                {
                    continue;
                }

                var cell = (CiState)outcome.StateOf(u) switch
                {
                    CiState.Down => FailureCell.X,
                    CiState.Recoverable => FailureCell.M,
                    _ => FailureCell.A,
                };
                cells.Add(new KeyValuePair<long, FailureCell>(graph.Ids[v], cell));
                components.Add(graph.Ids[v]);
            }

            cells.Sort((x, y) => x.Key.CompareTo(y.Key));
            rows.Add(new FailureMatrixRow(graph.Ids[root], new Dictionary<long, FailureCell>(cells)));
        }

        var componentIds = components.ToArray();
        Array.Sort(componentIds);
        return new FailureMatrix(rows, componentIds, unknown);
    }
}

/// <summary>Rows are business systems; a row has a cell for each component in that system's closure and none elsewhere.</summary>
internal sealed class FailureMatrix
{
    private readonly Dictionary<long, FailureMatrixRow> _rowsByBusiness;

    public FailureMatrix(IReadOnlyList<FailureMatrixRow> rows, IReadOnlyList<long> componentIds, IReadOnlyList<long> unknownIds)
    {
        Rows = rows;
        ComponentIds = componentIds;
        UnknownIds = unknownIds;
        _rowsByBusiness = new Dictionary<long, FailureMatrixRow>(rows.Count);
        foreach (var row in rows)
        {
            _rowsByBusiness[row.BusinessId] = row;
        }
    }

    public IReadOnlyList<FailureMatrixRow> Rows { get; }

    /// <summary>Every component that has a cell in some row, ascending.</summary>
    public IReadOnlyList<long> ComponentIds { get; }

    /// <summary>Requested business ids that are not in the graph; they have no row.</summary>
    public IReadOnlyList<long> UnknownIds { get; }

    public FailureMatrixRow? Row(long businessId) => _rowsByBusiness.GetValueOrDefault(businessId);

    /// <summary>Null when the component is not in the business system's closure (or either id is unknown).</summary>
    public FailureCell? Cell(long businessId, long componentId) =>
        _rowsByBusiness.TryGetValue(businessId, out var row) && row.Cells.TryGetValue(componentId, out var cell) ? cell : null;
}
