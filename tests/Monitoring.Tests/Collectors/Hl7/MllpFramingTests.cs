using System.Text;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Hl7;

namespace HospitalOps.Monitoring.Tests.Collectors.Hl7;

public sealed class MllpFramingTests
{
    [Fact]
    public void Wrap_Message_AddsStartAndEndBlocks()
    {
        MllpFraming.Wrap("MSH|"u8).ShouldBe(new byte[] { 0x0B, (byte)'M', (byte)'S', (byte)'H', (byte)'|', 0x1C, 0x0D });
    }

    [Fact]
    public async Task ReadFrameAsync_OneByteAtATime_ReturnsTheContent()
    {
        var stream = new TrickleStream(MllpFraming.Wrap("MSH|^~\\&|A\rMSA|AA|1\r"u8));

        var content = await MllpFraming.ReadFrameAsync(stream, 1024, CancellationToken.None);

        Encoding.ASCII.GetString(content).ShouldBe("MSH|^~\\&|A\rMSA|AA|1\r");
    }

    [Fact]
    public async Task ReadFrameAsync_PeerClosesRightAfterEndBlock_AcceptsTheFrame()
    {
        var stream = new MemoryStream([0x0B, (byte)'A', 0x1C]);

        var content = await MllpFraming.ReadFrameAsync(stream, 1024, CancellationToken.None);

        content.ShouldBe("A"u8.ToArray());
    }

    [Fact]
    public async Task ReadFrameAsync_EndBlockWithoutCarriageReturn_FailsMalformed()
    {
        var stream = new MemoryStream([0x0B, (byte)'A', 0x1C, (byte)'B']);

        var failure = await Should.ThrowAsync<CollectionFailure>(() => MllpFraming.ReadFrameAsync(stream, 1024, CancellationToken.None));

        failure.Args["reason"].ShouldContain("not followed by 0x0D");
    }

    [Fact]
    public async Task ReadFrameAsync_ContentExactlyAtTheCap_IsAcceptedAndOneMoreIsNot()
    {
        var atCap = await MllpFraming.ReadFrameAsync(new MemoryStream(MllpFraming.Wrap(new byte[100])), 100, CancellationToken.None);
        var overCap = await Should.ThrowAsync<CollectionFailure>(() =>
            MllpFraming.ReadFrameAsync(new MemoryStream(MllpFraming.Wrap(new byte[101])), 100, CancellationToken.None));

        atCap.Length.ShouldBe(100);
        overCap.Code.ShouldBe("monitoring.hl7.malformed");
    }

    /// <summary>A stream that hands out one byte per read, like a peer sending one TCP segment per byte.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= data.Length || count == 0)
            {
                return 0;
            }

            buffer[offset] = data[_position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
