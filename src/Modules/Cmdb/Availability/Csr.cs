namespace HospitalOps.Cmdb.Availability;

/// <summary>Compressed sparse rows: row r's items are items[start[r]..start[r+1]).</summary>
internal static class Csr
{
    /// <summary>
    /// Counting sort by row, then each row sorted and repeats removed. Values carry <paramref name="flagBits"/> low bits
    /// of payload: repeats are judged on the value without them and the largest payload wins.
    /// </summary>
    public static (int[] Start, int[] Items) Build(int rowCount, EdgeBuffer edges, int flagBits)
    {
        var rows = edges.Rows;
        var values = edges.Values;
        var start = new int[rowCount + 1];
        foreach (var row in rows)
        {
            start[row + 1]++;
        }

        for (var r = 0; r < rowCount; r++)
        {
            start[r + 1] += start[r];
        }

        var items = new int[edges.Count];
        var fill = new int[rowCount];
        Array.Copy(start, fill, rowCount);
        for (var e = 0; e < rows.Length; e++)
        {
            items[fill[rows[e]]++] = values[e];
        }

        var write = 0;
        var rowBegin = 0;
        for (var r = 0; r < rowCount; r++)
        {
            var rowEnd = start[r + 1];
            var span = items.AsSpan(rowBegin, rowEnd - rowBegin);
            span.Sort();
            start[r] = write;
            for (var i = 0; i < span.Length; i++)
            {
                var last = i + 1 == span.Length || span[i + 1] >> flagBits != span[i] >> flagBits;
                if (last)
                {
                    items[write++] = span[i];
                }
            }

            rowBegin = rowEnd;
        }

        start[rowCount] = write;
        if (write != items.Length)
        {
            Array.Resize(ref items, write);
        }

        return (start, items);
    }

    public static (int[] Start, int[] Items) Reverse(int rowCount, int[] start, int[] items)
    {
        var (reverseStart, reverseItems, _) = Reverse(rowCount, start, items, null);
        return (reverseStart, reverseItems);
    }

    public static (int[] Start, int[] Items, bool[] Flags) Reverse(int rowCount, int[] start, int[] items, bool[]? flags)
    {
        var reverseStart = new int[rowCount + 1];
        foreach (var item in items)
        {
            reverseStart[item + 1]++;
        }

        for (var r = 0; r < rowCount; r++)
        {
            reverseStart[r + 1] += reverseStart[r];
        }

        var reverseItems = new int[items.Length];
        var reverseFlags = new bool[flags is null ? 0 : items.Length];
        var fill = new int[rowCount];
        Array.Copy(reverseStart, fill, rowCount);
        for (var r = 0; r < rowCount; r++)
        {
            for (var e = start[r]; e < start[r + 1]; e++)
            {
                var slot = fill[items[e]]++;
                reverseItems[slot] = r;
                if (flags is not null)
                {
                    reverseFlags[slot] = flags[e];
                }
            }
        }

        return (reverseStart, reverseItems, reverseFlags);
    }
}
