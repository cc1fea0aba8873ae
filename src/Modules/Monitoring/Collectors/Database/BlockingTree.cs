namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Builds who-blocks-whom from running statements: the roots are sessions that block others and
/// are not blocked themselves (the ones a DBA would end); under each, the sessions it blocks.
/// </summary>
internal static class BlockingTree
{
    /// <summary>
    /// Sessions caught in a wait cycle have no root and do not appear (the deadlock detector ends
    /// such cycles within deadlock_timeout). A session blocked by two roots appears under both.
    /// </summary>
    public static IReadOnlyList<BlockingNode> Build(IReadOnlyList<RunningStatement> statements)
    {
        var byPid = new Dictionary<int, RunningStatement>();
        foreach (var s in statements)
        {
            byPid.TryAdd(s.Pid, s);
        }

        var blockedBy = new Dictionary<int, List<RunningStatement>>();
        foreach (var s in byPid.Values)
        {
            foreach (var blocker in s.BlockedBy.Distinct())
            {
                if (!blockedBy.TryGetValue(blocker, out var list))
                {
                    blockedBy[blocker] = list = [];
                }

                list.Add(s);
            }
        }

        var roots = new List<BlockingNode>();
        foreach (var s in byPid.Values.OrderBy(s => s.Pid))
        {
            if (s.BlockedBy.Count == 0 && blockedBy.ContainsKey(s.Pid))
            {
                roots.Add(Node(s, blockedBy, []));
            }
        }

        return roots;
    }

    private static BlockingNode Node(RunningStatement session, Dictionary<int, List<RunningStatement>> blockedBy, HashSet<int> path)
    {
        path.Add(session.Pid);
        var children = new List<BlockingNode>();
        if (blockedBy.TryGetValue(session.Pid, out var blocked))
        {
            foreach (var child in blocked.OrderBy(b => b.Pid))
            {
                if (!path.Contains(child.Pid))
                {
                    children.Add(Node(child, blockedBy, path));
                }
            }
        }

        path.Remove(session.Pid);
        return new BlockingNode(session, children);
    }
}
