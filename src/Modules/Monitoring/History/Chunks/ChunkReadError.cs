namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>Why a chunk reader stopped before the count in its header.</summary>
internal enum ChunkReadError
{
    None = 0,

    /// <summary>Shorter than the 2-byte header.</summary>
    MissingHeader,

    /// <summary>The bit stream ended before the header's count of entries.</summary>
    Truncated,

    /// <summary>A field no writer produces (a window wider than 64 bits, a reused window before any was set, a negative count).</summary>
    InvalidEncoding,

    /// <summary>A timestamp not after the one before it: writers refuse those, so the bytes are damaged.</summary>
    TimestampNotIncreasing,

    /// <summary>Bytes or non-zero padding bits after the last entry.</summary>
    TrailingData,
}
