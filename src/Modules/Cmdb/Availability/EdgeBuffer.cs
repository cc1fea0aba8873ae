namespace HospitalOps.Cmdb.Availability;

/// <summary>Growable pair of int columns, so that half a million edges cost two arrays and no tuples.</summary>
internal sealed class EdgeBuffer
{
    private int[] _rows = new int[16];
    private int[] _values = new int[16];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public ReadOnlySpan<int> Values => _values.AsSpan(0, Count);

    public void Add(int row, int value)
    {
        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
            Array.Resize(ref _values, _values.Length * 2);
        }

        _rows[Count] = row;
        _values[Count] = value;
        Count++;
    }
}
