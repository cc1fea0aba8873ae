using System.Buffers.Binary;
using System.Text;

namespace HospitalOps.Monitoring.Tests.Forwarding;

/// <summary>A decoded <c>prometheus.TimeSeries</c>: labels in wire order, samples as (timestamp, value bits).</summary>
internal sealed record DecodedSeries(List<(string Name, string Value)> Labels, List<(long Timestamp, ulong Bits)> Samples)
{
    public string? Label(string name) => Labels.Where(l => l.Name == name).Select(l => l.Value).FirstOrDefault();

    public override string ToString() =>
        "{" + string.Join(",", Labels.Select(l => $"{l.Name}={l.Value}")) + "} " + string.Join(" ", Samples.Select(s => $"{s.Timestamp}:{s.Bits:x16}"));
}

/// <summary>
/// Reads a remote-write WriteRequest back, independently of the encoder (straight from the protobuf
/// wire format), so the tests can check what a receiver would see.
/// </summary>
internal static class WriteRequestReader
{
    public static List<DecodedSeries> Read(byte[] request)
    {
        var result = new List<DecodedSeries>();
        foreach (var (field, _, bytes) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }

            var series = new DecodedSeries([], []);
            foreach (var (f, _, inner) in Fields(bytes!))
            {
                if (f == 1)
                {
                    string name = string.Empty, value = string.Empty;
                    foreach (var (lf, _, text) in Fields(inner!))
                    {
                        if (lf == 1)
                        {
                            name = Encoding.UTF8.GetString(text!);
                        }
                        else if (lf == 2)
                        {
                            value = Encoding.UTF8.GetString(text!);
                        }
                    }

                    series.Labels.Add((name, value));
                }
                else if (f == 2)
                {
                    long t = 0;
                    ulong bits = 0;
                    foreach (var (sf, number, _) in Fields(inner!))
                    {
                        if (sf == 1)
                        {
                            bits = number;
                        }
                        else if (sf == 2)
                        {
                            t = (long)number;
                        }
                    }

                    series.Samples.Add((t, bits));
                }
            }

            result.Add(series);
        }

        return result;
    }

    private static IEnumerable<(int Field, ulong Number, byte[]? Bytes)> Fields(byte[] data)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            var key = Varint(data, ref pos);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return (field, Varint(data, ref pos), null);
                    break;
                case 1:
                    yield return (field, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(pos, 8)), null);
                    pos += 8;
                    break;
                case 2:
                    var length = (int)Varint(data, ref pos);
                    yield return (field, 0, data.AsSpan(pos, length).ToArray());
                    pos += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at {pos}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
