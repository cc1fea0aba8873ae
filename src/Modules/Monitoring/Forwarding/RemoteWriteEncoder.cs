using System.Text;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Forwarding;

/// <summary>
/// Encodes the Prometheus remote-write 1.0 <c>prometheus.WriteRequest</c> by hand (protobuf wire
/// format; the messages are few and fixed):
/// <code>
/// WriteRequest { repeated TimeSeries timeseries = 1; }
/// TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
/// Label        { string name = 1; string value = 2; }
/// Sample       { double value = 1; int64 timestamp = 2; }
/// </code>
/// Fields holding their proto3 default (0, +0.0, "") are left out, as protobuf encoders do.
/// Values are written by their bits, so stale markers (a NaN payload) travel unchanged.
/// </summary>
internal static class RemoteWriteEncoder
{
    private const byte TimeSeriesTag = (1 << 3) | 2;
    private const byte LabelTag = (1 << 3) | 2;
    private const byte SampleTag = (2 << 3) | 2;
    private const byte NameTag = (1 << 3) | 2;
    private const byte ValueTag = (2 << 3) | 2;
    private const byte SampleValueTag = (1 << 3) | 1;
    private const byte SampleTimestampTag = 2 << 3;

    /// <summary>The <c>labels</c> fields of a TimeSeries: <c>__name__</c> and the labels, all sorted by name (byte order).</summary>
    public static byte[] EncodeLabels(SeriesLabels series)
    {
        var all = new List<Label>(series.Labels.Length + 1);
        all.AddRange(series.WithName());
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        using var buffer = new MemoryStream(64 + all.Count * 32);
        foreach (var label in all)
        {
            if (label.Value.Length == 0)
            {
                continue;
            }

            var name = Encoding.UTF8.GetBytes(label.Name);
            var value = Encoding.UTF8.GetBytes(label.Value);
            var inner = FieldSize(name.Length) + FieldSize(value.Length);
            buffer.WriteByte(LabelTag);
            WriteVarint(buffer, (ulong)inner);
            WriteBytesField(buffer, NameTag, name);
            WriteBytesField(buffer, ValueTag, value);
        }

        return buffer.ToArray();
    }

    /// <summary>The serialized WriteRequest (not yet compressed).</summary>
    public static byte[] EncodeRequest(IReadOnlyList<RemoteWriteSeries> series)
    {
        var total = 0L;
        var sizes = new int[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            sizes[i] = SeriesSize(series[i]);
            total += 1 + VarintSize((ulong)sizes[i]) + sizes[i];
        }

        var output = new byte[checked((int)total)];
        var pos = 0;
        for (var i = 0; i < series.Count; i++)
        {
            output[pos++] = TimeSeriesTag;
            pos = PutVarint(output, pos, (ulong)sizes[i]);
            var labels = series[i].EncodedLabels;
            labels.CopyTo(output, pos);
            pos += labels.Length;
            foreach (var sample in series[i].Samples)
            {
                output[pos++] = SampleTag;
                pos = PutVarint(output, pos, (ulong)SampleSize(sample));
                var bits = BitConverter.DoubleToUInt64Bits(sample.Value);
                if (bits != 0)
                {
                    output[pos++] = SampleValueTag;
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(pos), bits);
                    pos += 8;
                }

                if (sample.TimestampMs != 0)
                {
                    output[pos++] = SampleTimestampTag;
                    pos = PutVarint(output, pos, (ulong)sample.TimestampMs);
                }
            }
        }

        return output;
    }

    private static int SeriesSize(RemoteWriteSeries series)
    {
        var size = series.EncodedLabels.Length;
        foreach (var sample in series.Samples)
        {
            var s = SampleSize(sample);
            size += 1 + VarintSize((ulong)s) + s;
        }

        return size;
    }

    private static int SampleSize(RemoteWriteSample sample) =>
        (BitConverter.DoubleToUInt64Bits(sample.Value) != 0 ? 9 : 0)
        + (sample.TimestampMs != 0 ? 1 + VarintSize((ulong)sample.TimestampMs) : 0);

    private static int FieldSize(int length) => length == 0 ? 0 : 1 + VarintSize((ulong)length) + length;

    private static void WriteBytesField(Stream output, byte tag, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        output.WriteByte(tag);
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static int PutVarint(byte[] output, int pos, ulong value)
    {
        while (value >= 0x80)
        {
            output[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[pos++] = (byte)value;
        return pos;
    }
}
