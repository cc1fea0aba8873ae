namespace HospitalOps.Cmdb.Availability;

internal static class StronglyConnected
{
    /// <summary>
    /// Tarjan's algorithm over a CSR graph, without recursion because dependency chains in real data can be far
    /// deeper than the call stack. Edges point from a node to what it depends on, so each component comes out
    /// after every component it depends on.
    /// </summary>
    public static List<int[]> Components(int count, int[] start, int[] items)
    {
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        var cursor = new int[count];
        Array.Fill(index, -1);
        var sccStack = new Stack<int>();
        var callStack = new Stack<int>();
        var components = new List<int[]>();
        var next = 0;

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            Open(root);
            while (callStack.Count > 0)
            {
                var u = callStack.Peek();
                if (cursor[u] < start[u + 1])
                {
                    var w = items[cursor[u]++];
                    if (index[w] < 0)
                    {
                        Open(w);
                    }
                    else if (onStack[w])
                    {
                        low[u] = Math.Min(low[u], index[w]);
                    }

                    continue;
                }

                callStack.Pop();
                if (callStack.Count > 0)
                {
                    var caller = callStack.Peek();
                    low[caller] = Math.Min(low[caller], low[u]);
                }

                if (low[u] == index[u])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = sccStack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != u);

                    components.Add(component.ToArray());
                }
            }
        }

        return components;

        void Open(int u)
        {
            index[u] = low[u] = next++;
            cursor[u] = start[u];
            sccStack.Push(u);
            onStack[u] = true;
            callStack.Push(u);
        }
    }
}
