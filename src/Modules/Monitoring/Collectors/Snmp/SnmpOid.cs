using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// An SNMP object identifier: 2 to 128 unsigned 32-bit arcs (RFC 2578 §3.5), the first 0, 1 or 2
/// and the second below 40 unless the first is 2 (X.690 §8.19). Ordered lexicographically by arc,
/// the order agents walk in.
/// </summary>
internal sealed class SnmpOid : IEquatable<SnmpOid>, IComparable<SnmpOid>
{
    public const int MaxArcs = 128;

    private readonly uint[] _arcs;

    private SnmpOid(uint[] arcs) => _arcs = arcs;

    public IReadOnlyList<uint> Arcs => _arcs;

    public int Length => _arcs.Length;

    public uint this[int index] => _arcs[index];

    /// <summary>Parses dotted text ("1.3.6.1.2.1.1.5.0", a leading dot allowed) or fails with monitoring.snmp.invalid_oid.</summary>
    public static SnmpOid Parse(string text) =>
        TryParse(text, out var oid, out var reason)
            ? oid
            : throw new CollectionFailure(SnmpErrors.InvalidOid, ("oid", text), ("reason", reason));

    /// <summary>Checks an OID a user typed (e.g. in a target's extra OIDs); the reason says what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SnmpOid? oid, [NotNullWhen(false)] out string? reason)
    {
        oid = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "empty";
            return false;
        }

        var body = text.Trim();
        if (body.StartsWith('.'))
        {
            body = body[1..];
        }

        var parts = body.Split('.');
        if (parts.Length < 2)
        {
            reason = "an OID has at least two arcs";
            return false;
        }

        if (parts.Length > MaxArcs)
        {
            reason = $"more than {MaxArcs} arcs";
            return false;
        }

        var arcs = new uint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                reason = $"arc {i + 1} (\"{part}\") is not a number";
                return false;
            }

            if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i]))
            {
                reason = $"arc {i + 1} ({part}) is above 4294967295";
                return false;
            }
        }

        if (!TryCheckFirstArcs(arcs, out reason))
        {
            return false;
        }

        oid = new SnmpOid(arcs);
        return true;
    }

    /// <summary>
    /// Checks a configured list of OIDs (a target's extra OIDs): all parsed, duplicates dropped, or a
    /// monitoring.snmp.invalid_oid failure naming the first bad one.
    /// </summary>
    public static IReadOnlyList<SnmpOid> ParseAll(IEnumerable<string> texts) => [.. texts.Select(Parse).Distinct()];

    /// <summary>Builds an OID from arcs already known to be valid; fails with monitoring.snmp.invalid_oid otherwise.</summary>
    public static SnmpOid FromArcs(params uint[] arcs)
    {
        if (arcs.Length is < 2 or > MaxArcs || !TryCheckFirstArcs(arcs, out _))
        {
            throw new CollectionFailure(SnmpErrors.InvalidOid, ("oid", string.Join('.', arcs)), ("reason", "not a valid arc sequence"));
        }

        return new SnmpOid((uint[])arcs.Clone());
    }

    /// <summary>For the decoder, which has checked the arcs itself.</summary>
    internal static bool TryFromDecodedArcs(uint[] arcs, [NotNullWhen(true)] out SnmpOid? oid)
    {
        oid = arcs.Length is >= 2 and <= MaxArcs && TryCheckFirstArcs(arcs, out _) ? new SnmpOid(arcs) : null;
        return oid is not null;
    }

    public SnmpOid Append(params uint[] more)
    {
        if (_arcs.Length + more.Length > MaxArcs)
        {
            throw new CollectionFailure(SnmpErrors.InvalidOid, ("oid", ToString()), ("reason", $"more than {MaxArcs} arcs"));
        }

        return new SnmpOid([.. _arcs, .. more]);
    }

    /// <summary>True when this OID lies strictly below <paramref name="prefix"/> (a walk's subtree).</summary>
    public bool IsBelow(SnmpOid prefix) =>
        _arcs.Length > prefix._arcs.Length && _arcs.AsSpan(0, prefix._arcs.Length).SequenceEqual(prefix._arcs);

    /// <summary>The arcs after <paramref name="prefix"/> (a table row's index); empty when not below it.</summary>
    public ReadOnlySpan<uint> SuffixAfter(SnmpOid prefix) =>
        IsBelow(prefix) ? _arcs.AsSpan(prefix._arcs.Length) : [];

    public int CompareTo(SnmpOid? other)
    {
        if (other is null)
        {
            return 1;
        }

        return _arcs.AsSpan().SequenceCompareTo(other._arcs);
    }

    public bool Equals(SnmpOid? other) => other is not null && _arcs.AsSpan().SequenceEqual(other._arcs);

    public override bool Equals(object? obj) => obj is SnmpOid other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var arc in _arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', _arcs);

    private static bool TryCheckFirstArcs(uint[] arcs, [NotNullWhen(false)] out string? reason)
    {
        if (arcs[0] > 2)
        {
            reason = "the first arc must be 0, 1 or 2";
            return false;
        }

        if (arcs[0] < 2 && arcs[1] >= 40)
        {
            reason = "under 0 and 1 the second arc must be below 40";
            return false;
        }

        // The first two arcs share one BER subidentifier (40 × first + second) that must fit in 32 bits too.
        if ((ulong)arcs[0] * 40 + arcs[1] > uint.MaxValue)
        {
            reason = "the second arc is too large";
            return false;
        }

        reason = null;
        return true;
    }
}
