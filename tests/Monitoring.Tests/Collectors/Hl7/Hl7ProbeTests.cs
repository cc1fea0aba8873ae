using System.Net;
using System.Net.Sockets;
using System.Text;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Hl7;

namespace HospitalOps.Monitoring.Tests.Collectors.Hl7;

/// <summary>The probe against the honest in-test responder and against hostile peers.</summary>
public sealed class Hl7ProbeTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);

    private static Hl7ProbeOptions Options(int port) => new("127.0.0.1", port) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task CollectAsync_ResponderAccepts_ReportsSuccessSamples()
    {
        await using var responder = new Hl7TestResponder();
        var batch = new SampleBatch();

        var result = await new Hl7Probe(TimeProvider.System).CollectAsync(Options(responder.Port), batch, CancellationToken.None);

        result.Acknowledgement.Code.ShouldBe("AA");
        result.Acknowledgement.ControlId.ShouldBe(result.ControlId);
        result.Acknowledgement.MessageType.ShouldBe("ACK N01 ACK");
        batch.Samples.Select(s => s.Metric).ShouldBe(["hl7_ack_success", "hl7_ack_duration_seconds", "hl7_ack_code"]);
        Value(batch, "hl7_ack_success").ShouldBe(1);
        Value(batch, "hl7_ack_duration_seconds").ShouldBe(result.Duration.TotalSeconds);
        batch.Samples.Single(s => s.Metric == "hl7_ack_code").Labels.ShouldBe([new Label("code", "AA")]);
    }

    [Fact]
    public async Task CollectAsync_DefaultMessage_IsAnNmqQueryWithTimeAndUniqueControlId()
    {
        await using var responder = new Hl7TestResponder();
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        var options = Options(responder.Port) with { ReceivingApplication = "HIS", ReceivingFacility = "WARD|7" };

        var first = await new Hl7Probe(clock).CollectAsync(options, new SampleBatch(), CancellationToken.None);
        var second = await new Hl7Probe(clock).CollectAsync(options, new SampleBatch(), CancellationToken.None);

        var sent = responder.Received.ToArray();
        sent.Length.ShouldBe(2);
        var expectedTime = Hl7ProbeMessage.Timestamp(clock.GetLocalNow());
        sent[0].ShouldStartWith("MSH|^~\\&|HOSPITALOPS|MONITORING|HIS|WARD\\F\\7|" + expectedTime + "||NMQ^N01^NMQ_N01|" + first.ControlId + "|P|2.4\r");
        sent[0].ShouldEndWith("\rNCK|" + expectedTime + "\r");
        Hl7TestResponder.MshField(sent[1], 10).ShouldBe(second.ControlId);
        second.ControlId.ShouldNotBe(first.ControlId);
        first.ControlId.Length.ShouldBeLessThanOrEqualTo(20);
    }

    [Fact]
    public async Task CollectAsync_AckInManySmallSegments_IsReassembled()
    {
        await using var responder = new Hl7TestResponder(chunkBytes: 7);

        var result = await new Hl7Probe(TimeProvider.System).CollectAsync(Options(responder.Port), new SampleBatch(), CancellationToken.None);

        result.Acknowledgement.Code.ShouldBe("AA");
    }

    [Fact]
    public async Task CollectAsync_ApplicationError_FailsNakWithTextAndStillReportsSamples()
    {
        await using var responder = new Hl7TestResponder(code: "AE", errorText: "Unknown trigger N01");
        var batch = new SampleBatch();

        var failure = await Should.ThrowAsync<CollectionFailure>(() =>
            new Hl7Probe(TimeProvider.System).CollectAsync(Options(responder.Port), batch, CancellationToken.None));

        failure.Code.ShouldBe("monitoring.hl7.nak");
        failure.Args["code"].ShouldBe("AE");
        failure.Args["text"].ShouldBe("Unknown trigger N01 / Unknown trigger N01 (ERR-8)");
        Value(batch, "hl7_ack_success").ShouldBe(0);
        batch.Samples.Single(s => s.Metric == "hl7_ack_code").Labels.ShouldBe([new Label("code", "AE")]);
    }

    [Fact]
    public async Task CollectAsync_ApplicationReject_FailsNakWithCodeAr()
    {
        await using var responder = new Hl7TestResponder(code: "AR", errorText: "Processing ID P not allowed");

        var failure = await Fails(responder.Port);

        failure.Code.ShouldBe("monitoring.hl7.nak");
        failure.Args["code"].ShouldBe("AR");
        failure.Args["text"].ShouldStartWith("Processing ID P not allowed");
    }

    [Fact]
    public async Task CollectAsync_EnhancedCommitAccept_CountsAsSuccess()
    {
        await using var responder = new Hl7TestResponder(code: "CA");
        var batch = new SampleBatch();

        await new Hl7Probe(TimeProvider.System).CollectAsync(Options(responder.Port), batch, CancellationToken.None);

        Value(batch, "hl7_ack_success").ShouldBe(1);
        batch.Samples.Single(s => s.Metric == "hl7_ack_code").Labels.ShouldBe([new Label("code", "CA")]);
    }

    [Fact]
    public async Task CollectAsync_Template_KeepsItsSegmentsAndFillsTimeAndControlId()
    {
        await using var responder = new Hl7TestResponder();
        var template = "MSH|^~\\&|HIS|HOSP|LIS|LAB|19990101||QRY^A19^QRY_A19|OLD-ID|T|2.4\nQRD|19990101|R|I|PROBE|||1^RD|HOSPITALOPS-PROBE|DEM\n";
        var options = Options(responder.Port) with { MessageTemplate = template, ReceivingApplication = "LIS^1.2.3^ISO" };

        var result = await new Hl7Probe(TimeProvider.System).CollectAsync(options, new SampleBatch(), CancellationToken.None);

        var sent = responder.Received.Single();
        Hl7TestResponder.MshField(sent, 3).ShouldBe("HIS");
        Hl7TestResponder.MshField(sent, 5).ShouldBe("LIS^1.2.3^ISO");
        Hl7TestResponder.MshField(sent, 7).ShouldNotBe("19990101");
        Hl7TestResponder.MshField(sent, 9).ShouldBe("QRY^A19^QRY_A19");
        Hl7TestResponder.MshField(sent, 10).ShouldBe(result.ControlId);
        sent.Split('\r', StringSplitOptions.RemoveEmptyEntries)[1].ShouldBe("QRD|19990101|R|I|PROBE|||1^RD|HOSPITALOPS-PROBE|DEM");
    }

    [Fact]
    public async Task CollectAsync_TemplateWithoutMsh_FailsInvalidTemplate()
    {
        var options = Options(1) with { MessageTemplate = "PID|1||12345" };

        var failure = await Should.ThrowAsync<CollectionFailure>(() =>
            new Hl7Probe(TimeProvider.System).CollectAsync(options, new SampleBatch(), CancellationToken.None));

        failure.Code.ShouldBe("monitoring.hl7.invalid_template");
    }

    [Fact]
    public async Task CollectAsync_AckForAnotherMessage_FailsControlIdMismatch()
    {
        await using var responder = new Hl7TestResponder(controlIdOverride: _ => "STALE-0042");
        var batch = new SampleBatch();

        var failure = await Should.ThrowAsync<CollectionFailure>(() =>
            new Hl7Probe(TimeProvider.System).CollectAsync(Options(responder.Port), batch, CancellationToken.None));

        failure.Code.ShouldBe("monitoring.hl7.control_id_mismatch");
        failure.Args["received"].ShouldBe("STALE-0042");
        failure.Args["expected"].ShouldStartWith("HO");
        batch.Samples.ShouldBeEmpty();
    }

    [Fact]
    public async Task CollectAsync_PeerNeverAnswers_FailsTimeout()
    {
        await using var peer = new MllpTestPeer(async (stream, ct) =>
        {
            await MllpTestPeer.ReadFrameAsync(stream, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var failure = await Fails(peer.Port, ShortTimeout);

        failure.Code.ShouldBe("monitoring.hl7.timeout");
        failure.Args["stage"].ShouldBe("acknowledgement");
    }

    [Fact]
    public async Task CollectAsync_GarbageWithoutFrame_FailsMalformed()
    {
        await using var peer = new MllpTestPeer(async (stream, ct) =>
        {
            await MllpTestPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray(), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("HTTP/1.1 400");
    }

    [Fact]
    public async Task CollectAsync_EndlessStreamWithoutEndBlock_StopsAtTheCap()
    {
        await using var peer = new MllpTestPeer(async (stream, ct) =>
        {
            await MllpTestPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new byte[] { 0x0B }, ct);
            var filler = Encoding.ASCII.GetBytes(new string('X', 16 * 1024));
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(filler, ct);
            }
        });
        var options = Options(peer.Port) with { MaxFrameBytes = 256 * 1024 };

        var failure = await Should.ThrowAsync<CollectionFailure>(() =>
            new Hl7Probe(TimeProvider.System).CollectAsync(options, new SampleBatch(), CancellationToken.None));

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("larger than 262144 bytes");
    }

    [Fact]
    public async Task CollectAsync_PeerClosesWithoutReply_FailsMalformed()
    {
        await using var peer = new MllpTestPeer(async (stream, ct) => await MllpTestPeer.ReadFrameAsync(stream, ct));

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("closed without a reply");
    }

    [Fact]
    public async Task CollectAsync_PeerClosesInsideTheFrame_FailsMalformed()
    {
        await using var peer = new MllpTestPeer(async (stream, ct) =>
        {
            await MllpTestPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync("\vMSH|^~\\&|X|Y"u8.ToArray(), ct);
        });

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("in the middle of the reply");
    }

    [Fact]
    public async Task CollectAsync_FramedReplyWithoutMsa_FailsMalformed()
    {
        await using var peer = Answering("MSH|^~\\&|X|Y|||20260101||ACK|1|P|2.4\rERR|x\r");

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("no MSA segment");
    }

    [Fact]
    public async Task CollectAsync_UnknownAcknowledgementCode_FailsMalformed()
    {
        await using var peer = Answering("MSH|^~\\&|X|Y|||20260101||ACK|1|P|2.4\rMSA|OK|1\r");

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("\"OK\"");
    }

    [Fact]
    public async Task CollectAsync_FramedNonHl7_FailsMalformed()
    {
        await using var peer = Answering("<html>hello</html>");

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.malformed");
        failure.Args["reason"].ShouldContain("does not start with an MSH segment");
    }

    [Fact]
    public async Task CollectAsync_ReplyWithOtherDelimitersAndEscapes_IsRead()
    {
        string? controlId = null;
        await using var peer = new MllpTestPeer(async (stream, ct) =>
        {
            var message = await MllpTestPeer.ReadFrameAsync(stream, ct);
            controlId = Hl7TestResponder.MshField(message!, 10);
            var ack = $"MSH#$*!%#RECV#FAC#####ACK$N01#A1#P#2.4\rMSA#AE#{controlId}#Field !F! missing$details\rERR###207$Bad value %1$HL70357\r";
            await stream.WriteAsync(MllpTestPeer.Frame(ack), ct);
        });

        var failure = await Fails(peer.Port);

        failure.Code.ShouldBe("monitoring.hl7.nak");
        failure.Args["code"].ShouldBe("AE");
        failure.Args["text"].ShouldBe("Field # missing details / Bad value %1");
    }

    [Fact]
    public async Task CollectAsync_NothingListens_FailsConnectFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await Fails(port);

        failure.Code.ShouldBe("monitoring.hl7.connect_failed");
        failure.Args["reason"].ShouldContain($"127.0.0.1:{port}");
    }

    [Fact]
    public void Register_AllCodes_HaveChineseAndEnglishText()
    {
        Hl7Errors.Register();

        foreach (var code in new[] { Hl7Errors.Nak, Hl7Errors.Timeout, Hl7Errors.ControlIdMismatch, Hl7Errors.Malformed, Hl7Errors.ConnectFailed, Hl7Errors.InvalidTemplate })
        {
            ErrorCatalog.IsKnown(code).ShouldBeTrue(code);
        }

        var args = new Dictionary<string, string> { ["code"] = "AE", ["text"] = "Unknown trigger" };
        ErrorCatalog.Message(Hl7Errors.Nak, "zh-CN", args).ShouldBe("HL7 接口拒收了探测消息（应答码 AE）：Unknown trigger");
        ErrorCatalog.Message(Hl7Errors.Nak, "en", args).ShouldContain("(acknowledgement code AE): Unknown trigger");
    }

    private static MllpTestPeer Answering(string reply) => new(async (stream, ct) =>
    {
        await MllpTestPeer.ReadFrameAsync(stream, ct);
        await stream.WriteAsync(MllpTestPeer.Frame(reply), ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    private static async Task<CollectionFailure> Fails(int port, TimeSpan? timeout = null) =>
        await Should.ThrowAsync<CollectionFailure>(() => new Hl7Probe(TimeProvider.System)
            .CollectAsync(Options(port) with { Timeout = timeout ?? TimeSpan.FromSeconds(10) }, new SampleBatch(), CancellationToken.None));

    private static double Value(SampleBatch batch, string metric) => batch.Samples.Single(s => s.Metric == metric).Value;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
