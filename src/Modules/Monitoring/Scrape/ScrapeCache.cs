using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Maps the raw series text of an exposition line (<c>name{labels}</c>, exactly as the target
/// wrote it) to its head series, so an unchanged series costs one hash lookup per scrape and no
/// label parsing. A null entry remembers that relabelling dropped the series.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteKeyComparer.Instance);

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> raw, out Entry entry) =>
        _entries.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(raw, out entry!);

    public void Add(ReadOnlySpan<byte> raw, Entry entry) => _entries[raw.ToArray()] = entry;

    public void Clear() => _entries.Clear();

    /// <summary>Removes entries not used for a while (series that left the exposition).</summary>
    public void Sweep(int generation, int keepGenerations)
    {
        List<byte[]>? old = null;
        foreach (var (key, entry) in _entries)
        {
            if (generation - entry.LastUsed > keepGenerations)
            {
                (old ??= []).Add(key);
            }
        }

        foreach (var key in old ?? [])
        {
            _entries.Remove(key);
        }
    }

    internal sealed class Entry(HeadSeries? series)
    {
        public HeadSeries? Series { get; set; } = series;

        public int LastUsed { get; set; }
    }

    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
