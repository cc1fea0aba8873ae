using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>
/// Property tests on 200 random small graphs (fixed seed): the bottom-up analyses must say exactly what failing
/// each single CI and each pair of CIs through Impact says, and Impact must agree with the plain reference model.
/// </summary>
public sealed class BruteForceAgreementTests
{
    private const int GraphCount = 200;
    private const int Seed = 20_240_601;

    public static TheoryData<int> Batches() => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Impact_RandomGraphsAndFailureSets_AgreesWithReferenceModel(int batch)
    {
        foreach (var (random, nodes, edges) in Graphs(batch))
        {
            var graph = new AvailabilityGraph(nodes, edges);
            var model = new ReferenceModel(nodes, edges);
            var sets = model.Ids.Select(id => new[] { id }).ToList();
            for (var k = 0; k < 30; k++)
            {
                sets.Add(model.Ids.Where(_ => random.Next(6) == 0).ToArray());
            }

            foreach (var failed in sets)
            {
                var expected = model.Evaluate(failed);
                var result = graph.Impact(failed);
                foreach (var id in model.Ids)
                {
                    result.StateOf(id).ShouldBe(expected[id], $"CI {id} with {string.Join(",", failed)} failed");
                }

                CheckExplanations(graph, result, failed);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Matrix_RandomGraphs_EqualsImpactOfEachSingleComponent(int batch)
    {
        foreach (var (_, nodes, edges) in Graphs(batch))
        {
            var graph = new AvailabilityGraph(nodes, edges);
            var model = new ReferenceModel(nodes, edges);
            var business = nodes.Where(n => n.IsBusiness).Select(n => n.Id).ToArray();
            var matrix = graph.Matrix();

            matrix.Rows.Select(r => r.BusinessId).ShouldBe(business, ignoreOrder: true);
            foreach (var b in business)
            {
                var expected = new Dictionary<long, FailureCell>();
                foreach (var c in model.Closure(b))
                {
                    if (nodes.First(n => n.Id == c).IsBusiness)
                    {
                        continue;
                    }

                    expected[c] = graph.Impact([c]).StateOf(b) switch
                    {
                        CiState.Down => FailureCell.X,
                        CiState.Recoverable => FailureCell.M,
                        _ => FailureCell.A,
                    };
                }

                matrix.Row(b)!.Cells.OrderBy(p => p.Key).ShouldBe(expected.OrderBy(p => p.Key), $"business {b}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void MinimalCutSets_RandomGraphs_EqualsImpactOfAllSinglesAndPairs(int batch)
    {
        foreach (var (_, nodes, edges) in Graphs(batch))
        {
            var graph = new AvailabilityGraph(nodes, edges);
            var model = new ReferenceModel(nodes, edges);
            foreach (var b in nodes.Where(n => n.IsBusiness).Select(n => n.Id))
            {
                var closure = model.Closure(b).Order().ToArray();
                var expected = new List<string>();
                var singles = new HashSet<long>();
                foreach (var c in closure)
                {
                    var state = graph.Impact([c]).StateOf(b);
                    if (state != CiState.Up)
                    {
                        singles.Add(c);
                        expected.Add($"{c}:{state}");
                    }
                }

                for (var i = 0; i < closure.Length; i++)
                {
                    for (var j = i + 1; j < closure.Length; j++)
                    {
                        if (singles.Contains(closure[i]) || singles.Contains(closure[j]))
                        {
                            continue;
                        }

                        var state = graph.Impact([closure[i], closure[j]]).StateOf(b);
                        if (state != CiState.Up)
                        {
                            expected.Add($"{closure[i]}+{closure[j]}:{state}");
                        }
                    }
                }

                var actual = graph.MinimalCutSets(b).Select(c => $"{string.Join("+", c.CiIds)}:{c.Result}").ToList();
                actual.Order().ShouldBe(expected.Order(), $"business {b}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Tree_RandomGraphs_TopEventMatchesImpactForSinglesPairsAndTriples(int batch)
    {
        foreach (var (random, nodes, edges) in Graphs(batch))
        {
            var graph = new AvailabilityGraph(nodes, edges);
            var model = new ReferenceModel(nodes, edges);
            foreach (var b in nodes.Where(n => n.IsBusiness).Select(n => n.Id))
            {
                var tree = graph.Tree(b);
                var closure = model.Closure(b).ToArray();
                var sets = new List<long[]> { Array.Empty<long>() };
                for (var i = 0; i < closure.Length; i++)
                {
                    sets.Add([closure[i]]);
                    for (var j = i + 1; j < closure.Length; j++)
                    {
                        sets.Add([closure[i], closure[j]]);
                    }
                }

                for (var k = 0; k < 50; k++)
                {
                    sets.Add(closure.Where(_ => random.Next(4) == 0).ToArray());
                }

                foreach (var failed in sets)
                {
                    tree.Evaluate(failed).ShouldBe(graph.Impact(failed).StateOf(b) != CiState.Up, $"business {b}, failed {string.Join(",", failed)}");
                }

                var standbys = edges.Where(e => e.Kind == EdgeKind.BacksUp).Select(e => e.From).ToHashSet();
                foreach (var id in tree.Nodes.SelectMany(n => n.RecoverableVia))
                {
                    standbys.ShouldContain(id);
                }
            }
        }
    }

    /// <summary>Each batch is a quarter of the 200 graphs, so that the runner can spread them over cores.</summary>
    private static IEnumerable<(Random Random, List<GraphNode> Nodes, List<GraphEdge> Edges)> Graphs(int batch)
    {
        var random = new Random(Seed);
        for (var i = 0; i < GraphCount; i++)
        {
            var (nodes, edges) = RandomGraphs.Generate(random);
            if (i % 4 == batch)
            {
                yield return (new Random(Seed + i), nodes, edges);
            }
        }
    }

    /// <summary>A reason path is a chain of real dependencies from a failed CI, and every Recoverable CI names a standby.</summary>
    private static void CheckExplanations(AvailabilityGraph graph, ImpactResult result, IReadOnlyCollection<long> failed)
    {
        var needs = new HashSet<(long, long)>();
        var memberOf = new HashSet<(long, long)>();
        var coldStandbys = new HashSet<long>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            foreach (var t in graph.NeedsOf(v))
            {
                needs.Add((graph.Ids[v], graph.Ids[t]));
            }

            foreach (var m in graph.MembersOf(v))
            {
                memberOf.Add((graph.Ids[m], graph.Ids[v]));
            }

            for (var e = graph.StandbysStart[v]; e < graph.StandbysStart[v + 1]; e++)
            {
                if (!graph.StandbyIsHot[e])
                {
                    coldStandbys.Add(graph.Ids[graph.StandbysTargets[e]]);
                }
            }
        }

        foreach (var ci in result.Affected)
        {
            failed.ShouldContain(ci.Path[0]);
            ci.Path[^1].ShouldBe(ci.Id);
            ci.Path.Distinct().Count().ShouldBe(ci.Path.Count);
            for (var i = 1; i < ci.Path.Count; i++)
            {
                (needs.Contains((ci.Path[i], ci.Path[i - 1])) || memberOf.Contains((ci.Path[i - 1], ci.Path[i]))).ShouldBeTrue();
                result.StateOf(ci.Path[i - 1]).ShouldNotBe(CiState.Up);
                if (ci.State == CiState.Down)
                {
                    result.StateOf(ci.Path[i - 1]).ShouldBe(CiState.Down);
                }
            }

            if (ci.State == CiState.Recoverable)
            {
                ci.SwitchTo.ShouldNotBeEmpty($"recoverable CI {ci.Id}");
            }

            foreach (var standby in ci.SwitchTo)
            {
                coldStandbys.ShouldContain(standby);
            }

            ci.IsBusiness.ShouldBe(graph.Nodes[graph.TryGetIndex(ci.Id, out var index) ? index : -1].IsBusiness);
        }
    }
}
