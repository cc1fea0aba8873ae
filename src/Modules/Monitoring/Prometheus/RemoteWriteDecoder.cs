using System.Buffers.Binary;
using System.Text;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>One series of a received write request: its labels (name first when present) and samples.</summary>
internal sealed record ReceivedSeries(List<(string Name, string Value)> Labels, List<(long T, double V)> Samples, int HistogramsDropped);

/// <summary>Metric metadata a sender includes (Prometheus sends it in separate requests).</summary>
internal sealed record ReceivedMetadata(string Metric, string Type, string Help, string Unit);

internal sealed record ReceivedWrite(List<ReceivedSeries> Series, List<ReceivedMetadata> Metadata);

/// <summary>
/// Reads a Prometheus remote-write 1.0 <c>WriteRequest</c> (protobuf, already un-snappied) by hand:
/// <code>
/// WriteRequest   { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
/// TimeSeries     { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
/// Label          { string name = 1; string value = 2; }
/// Sample         { double value = 1; int64 timestamp = 2; }
/// MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
/// </code>
/// Unknown fields are skipped, as protobuf requires. Any malformed input ends in <see cref="FormatException"/>.
/// </summary>
internal static class RemoteWriteDecoder
{
    private static readonly string[] MetricTypes = ["unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"];

    public static ReceivedWrite Decode(ReadOnlySpan<byte> body)
    {
        var series = new List<ReceivedSeries>();
        var metadata = new List<ReceivedMetadata>();
        var reader = new Reader(body);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 2)
            {
                series.Add(ReadSeries(reader.Bytes()));
            }
            else if (field == 3 && wire == 2)
            {
                metadata.Add(ReadMetadata(reader.Bytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new ReceivedWrite(series, metadata);
    }

    private static ReceivedSeries ReadSeries(ReadOnlySpan<byte> data)
    {
        var labels = new List<(string, string)>();
        var samples = new List<(long, double)>();
        var histograms = 0;
        var reader = new Reader(data);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            switch (field)
            {
                case 1 when wire == 2:
                    labels.Add(ReadLabel(reader.Bytes()));
                    break;
                case 2 when wire == 2:
                    samples.Add(ReadSample(reader.Bytes()));
                    break;
                case 4 when wire == 2:
                    // Native histograms are out of scope for the store; they are counted so the sender can be told.
                    reader.Bytes();
                    histograms++;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new ReceivedSeries(labels, samples, histograms);
    }

    private static (string, string) ReadLabel(ReadOnlySpan<byte> data)
    {
        string name = string.Empty, value = string.Empty;
        var reader = new Reader(data);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 2)
            {
                name = reader.String();
            }
            else if (field == 2 && wire == 2)
            {
                value = reader.String();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (name, value);
    }

    private static (long, double) ReadSample(ReadOnlySpan<byte> data)
    {
        long t = 0;
        double v = 0;
        var reader = new Reader(data);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 1)
            {
                v = BitConverter.UInt64BitsToDouble(reader.Fixed64());
            }
            else if (field == 2 && wire == 0)
            {
                t = (long)reader.Varint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (t, v);
    }

    private static ReceivedMetadata ReadMetadata(ReadOnlySpan<byte> data)
    {
        string metric = string.Empty, help = string.Empty, unit = string.Empty, type = "unknown";
        var reader = new Reader(data);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            switch (field)
            {
                case 1 when wire == 0:
                    var n = reader.Varint();
                    type = n < (ulong)MetricTypes.Length ? MetricTypes[n] : "unknown";
                    break;
                case 2 when wire == 2:
                    metric = reader.String();
                    break;
                case 4 when wire == 2:
                    help = reader.String();
                    break;
                case 5 when wire == 2:
                    unit = reader.String();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new ReceivedMetadata(metric, type, help, unit);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly bool End => _pos >= _data.Length;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            var field = tag >> 3;
            if (field == 0 || field > int.MaxValue)
            {
                throw new FormatException($"invalid field number at byte {_pos}");
            }

            return ((int)field, (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= _data.Length)
                {
                    throw new FormatException("truncated varint");
                }

                var b = _data[_pos++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new FormatException("varint longer than 10 bytes");
        }

        public ulong Fixed64()
        {
            if (_pos + 8 > _data.Length)
            {
                throw new FormatException("truncated fixed64");
            }

            var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_pos, 8));
            _pos += 8;
            return value;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Varint();
            if (length > (ulong)(_data.Length - _pos))
            {
                throw new FormatException($"a field of {length} bytes runs past the end at byte {_pos}");
            }

            var slice = _data.Slice(_pos, (int)length);
            _pos += (int)length;
            return slice;
        }

        public string String()
        {
            var bytes = Bytes();
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException("a label is not valid UTF-8");
            }
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Fixed64();
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    if (_pos + 4 > _data.Length)
                    {
                        throw new FormatException("truncated fixed32");
                    }

                    _pos += 4;
                    break;
                default:
                    throw new FormatException($"unsupported wire type {wire}");
            }
        }
    }
}
