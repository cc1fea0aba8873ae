namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// For one node: the components whose failure alone leaves it not up, with the state it is left in.
/// Keys are sorted local indices; a component not listed leaves the node up.
/// </summary>
internal sealed class SingleMap
{
    public static readonly SingleMap Empty = new([], []);

    public SingleMap(int[] keys, byte[] states)
    {
        Keys = keys;
        States = states;
    }

    public int[] Keys { get; }

    public byte[] States { get; }

    public int Count => Keys.Length;

    public byte StateOf(int component)
    {
        var at = Array.BinarySearch(Keys, component);
        return at >= 0 ? States[at] : (byte)CiState.Up;
    }

    public bool Contains(int component) => Array.BinarySearch(Keys, component) >= 0;

    public bool SameAs(SingleMap other) =>
        ReferenceEquals(this, other) || (Keys.AsSpan().SequenceEqual(other.Keys) && States.AsSpan().SequenceEqual(other.States));
}
