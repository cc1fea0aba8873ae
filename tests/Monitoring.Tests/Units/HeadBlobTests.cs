using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.Units;

public sealed class HeadBlobTests
{
    private static TargetHead Head()
    {
        var head = new TargetHead(7) { WindowStart = 1_795_000_000_000, CollectionsSinceCut = 3 };
        var a = new HeadSeries(11);
        for (var i = 0; i < 3; i++)
        {
            a.Chunk.TryAppend(1_795_000_000_000 + (i * 15_000), i * 1.5);
        }

        a.LastT = 1_795_000_030_000;
        a.LastV = 3;
        var stale = new HeadSeries(12) { LastT = 1_795_000_030_000, LastV = StaleMarker.Value };
        head.Series[a.Id] = a;
        head.Series[stale.Id] = stale;
        return head;
    }

    [Fact]
    public void WriteThenRestore_GivesBackEverySeriesChunkAndLastSample()
    {
        var blob = HeadBlob.Write(Head());
        var restored = new TargetHead(7);

        HeadBlob.TryRestore(blob, restored).ShouldBeTrue();

        restored.WindowStart.ShouldBe(1_795_000_000_000);
        restored.CollectionsSinceCut.ShouldBe(3);
        restored.Series[11].Chunk.Count.ShouldBe(3);
        restored.Series[11].LastV.ShouldBe(3);
        restored.Series[12].IsStale.ShouldBeTrue();
        var open = HeadBlob.OpenChunks(blob);
        open.ContainsKey(11).ShouldBeTrue();
        open.ContainsKey(12).ShouldBeFalse();
        open.ContainsKey(99).ShouldBeFalse();
    }

    [Fact]
    public void Restore_AnyTruncationOrDamage_RestoresNothingAndNeverThrows()
    {
        var blob = HeadBlob.Write(Head());
        for (var length = 0; length < blob.Length; length++)
        {
            var restored = new TargetHead(7);
            HeadBlob.TryRestore(blob.AsSpan(0, length), restored).ShouldBeFalse();
            restored.Series.ShouldBeEmpty();
        }

        var random = new Random(4);
        for (var i = 0; i < 2000; i++)
        {
            var damaged = (byte[])blob.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            var restored = new TargetHead(7);
            if (!HeadBlob.TryRestore(damaged, restored))
            {
                restored.Series.ShouldBeEmpty();
            }
        }
    }
}
