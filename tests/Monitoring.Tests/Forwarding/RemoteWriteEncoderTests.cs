using System.Text;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Forwarding;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using IronSnappy;

namespace HospitalOps.Monitoring.Tests.Forwarding;

public sealed class RemoteWriteEncoderTests
{
    [Fact]
    public void EncodeRequest_OneSeriesOneSample_IsByteExactProtobuf()
    {
        var series = new RemoteWriteSeries(RemoteWriteEncoder.EncodeLabels(SeriesLabels.Of("up", [new Label("job", "a")])));
        series.Samples.Add(new RemoteWriteSample(1000, 1.0));

        var bytes = RemoteWriteEncoder.EncodeRequest([series]);

        byte[] expected =
        [
            0x0A, 0x28,                                     // WriteRequest.timeseries, 40 bytes
            0x0A, 0x0E,                                     //   TimeSeries.labels, 14 bytes
            0x0A, 0x08, .. "__name__"u8,                    //     Label.name
            0x12, 0x02, .. "up"u8,                          //     Label.value
            0x0A, 0x08,                                     //   TimeSeries.labels, 8 bytes
            0x0A, 0x03, .. "job"u8,
            0x12, 0x01, .. "a"u8,
            0x12, 0x0C,                                     //   TimeSeries.samples, 12 bytes
            0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // Sample.value = 1.0 (fixed64, little endian)
            0x10, 0xE8, 0x07,                               //     Sample.timestamp = 1000 (varint)
        ];
        bytes.ShouldBe(expected);
    }

    [Fact]
    public void EncodeRequest_StaleMarker_KeepsItsNaNBitsExactly()
    {
        var series = new RemoteWriteSeries(RemoteWriteEncoder.EncodeLabels(SeriesLabels.Of("node_load1", [])));
        series.Samples.Add(new RemoteWriteSample(1_700_000_000_000, StaleMarker.Value));
        series.Samples.Add(new RemoteWriteSample(1_700_000_015_000, double.NaN));

        var decoded = WriteRequestReader.Read(RemoteWriteEncoder.EncodeRequest([series])).Single();

        decoded.Samples[0].ShouldBe((1_700_000_000_000L, 0x7ff0000000000002UL));
        decoded.Samples[1].Bits.ShouldBe(BitConverter.DoubleToUInt64Bits(double.NaN));
        decoded.Samples[1].Bits.ShouldNotBe(StaleMarker.Bits);
    }

    [Fact]
    public void EncodeLabels_UppercaseAndUnicodeNames_AreSortedByBytesWithName()
    {
        var labels = SeriesLabels.Of("hospital_bed_ratio", [new Label("ward", "心内科"), new Label("Zone", "B"), new Label("ci", "his-db-01")]);

        var series = new RemoteWriteSeries(RemoteWriteEncoder.EncodeLabels(labels));
        series.Samples.Add(new RemoteWriteSample(5, 0.5));
        var decoded = WriteRequestReader.Read(RemoteWriteEncoder.EncodeRequest([series])).Single();

        decoded.Labels.ShouldBe([("Zone", "B"), ("__name__", "hospital_bed_ratio"), ("ci", "his-db-01"), ("ward", "心内科")]);
    }

    [Fact]
    public void EncodeRequest_ZeroValueAndNegativeTimestamp_FollowProto3Rules()
    {
        var series = new RemoteWriteSeries([]);
        series.Samples.Add(new RemoteWriteSample(0, 0.0));
        series.Samples.Add(new RemoteWriteSample(-1, -0.0));

        var bytes = RemoteWriteEncoder.EncodeRequest([series]);

        byte[] expected =
        [
            0x0A, 0x18,                                     // timeseries, 24 bytes
            0x12, 0x00,                                     //   sample: value 0 and timestamp 0 both default, so empty
            0x12, 0x14,                                     //   sample, 20 bytes
            0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, // -0.0 has a sign bit: written
            0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // -1 as a 10-byte varint
        ];
        bytes.ShouldBe(expected);
    }

    [Fact]
    public void EncodeRequest_ManySeries_RoundTripsEverySample()
    {
        var all = new List<RemoteWriteSeries>();
        for (var i = 0; i < 300; i++)
        {
            var s = new RemoteWriteSeries(RemoteWriteEncoder.EncodeLabels(SeriesLabels.Of("m", [new Label("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))])));
            for (var j = 0; j < 20; j++)
            {
                s.Samples.Add(new RemoteWriteSample(1_700_000_000_000 + (j * 15_000), (i * 1000) + j + 0.25));
            }

            all.Add(s);
        }

        var decoded = WriteRequestReader.Read(RemoteWriteEncoder.EncodeRequest(all));

        decoded.Count.ShouldBe(300);
        decoded[123].Label("i").ShouldBe("123");
        decoded[123].Samples[7].ShouldBe((1_700_000_105_000L, BitConverter.DoubleToUInt64Bits(123_007.25)));
        decoded.Sum(d => d.Samples.Count).ShouldBe(6000);
    }

    [Fact]
    public void SnappyEncode_ShortInput_IsASingleLiteralBlock()
    {
        // Block format: uncompressed length as a varint, then a literal element (tag (len-1)<<2).
        Snappy.Encode("abc"u8).ShouldBe(new byte[] { 0x03, 0x08, 0x61, 0x62, 0x63 });
        Snappy.Decode(new byte[] { 0x03, 0x08, 0x61, 0x62, 0x63 }).ShouldBe("abc"u8.ToArray());
    }

    [Fact]
    public void SnappyEncode_RepetitiveRequest_CompressesAndRoundTrips()
    {
        var all = Enumerable.Range(0, 200).Select(i =>
        {
            var s = new RemoteWriteSeries(RemoteWriteEncoder.EncodeLabels(SeriesLabels.Of("node_cpu_seconds_total",
                [new Label("ci", "his-db-01"), new Label("cpu", (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture)), new Label("mode", "idle")])));
            s.Samples.Add(new RemoteWriteSample(1_700_000_000_000 + i, i));
            return s;
        }).ToList();
        var raw = RemoteWriteEncoder.EncodeRequest(all);

        var compressed = Snappy.Encode(raw);

        compressed.Length.ShouldBeLessThan(raw.Length / 4);
        Snappy.Decode(compressed).ShouldBe(raw);
        Encoding.UTF8.GetString(Snappy.Decode(compressed)).ShouldContain("his-db-01");
    }
}
