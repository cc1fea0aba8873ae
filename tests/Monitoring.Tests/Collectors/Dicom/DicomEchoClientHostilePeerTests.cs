using System.Net;
using System.Net.Sockets;
using System.Text;
using HospitalOps.Monitoring.Collectors.Dicom;

namespace HospitalOps.Monitoring.Tests.Collectors.Dicom;

public sealed class DicomEchoClientHostilePeerTests
{
    private readonly DicomEchoClient _client = new();

    [Fact]
    public async Task EchoAsync_PeerAnswersGarbage_FailsWithProtocolError()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), token);
            await Task.Delay(Timeout.Infinite, token);
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        result.AssociationAccepted.ShouldBeFalse();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.protocol_error");
        failure.Args["reason"].ShouldContain("unknown PDU type 0x48");
    }

    [Fact]
    public async Task EchoAsync_PeerClaimsFourGigabytePdu_FailsWithoutReadingItAndAborts()
    {
        var abortFromClient = new TaskCompletionSource<(byte Type, byte[] Body)>();
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(new byte[] { 0x02, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01 }, token);
            abortFromClient.TrySetResult(await FakeDicomPeer.ReadPduAsync(stream, token));
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.protocol_error");
        failure.Args["reason"].ShouldBe("PDU length 4294967295 exceeds the limit of 1048576 bytes");
        var (type, body) = await abortFromClient.Task.WaitAsync(TimeSpan.FromSeconds(10));
        type.ShouldBe((byte)0x07);
        body.ShouldBe(new byte[4]);
    }

    [Fact]
    public async Task EchoAsync_PeerSendsEndlessCommandFragments_StopsAtTheCommandCap()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.AssociateAccept(), token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            var fragment = FakeDicomPeer.CommandPData(new byte[16000], endsCommand: false);
            while (!token.IsCancellationRequested)
            {
                await stream.WriteAsync(fragment, token);
            }
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        result.AssociationAccepted.ShouldBeTrue();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.protocol_error");
        failure.Args["reason"].ShouldBe("command set longer than 65536 bytes");
    }

    [Fact]
    public async Task EchoAsync_AcceptWithoutOurPresentationContext_ReportsItMissing()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            var accept = FakeDicomPeer.AssociateAccept();
            // Keep only the fixed part: no items at all.
            var bare = FakeDicomPeer.Pdu(0x02, accept[6..74]);
            await stream.WriteAsync(bare, token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.Pdu(0x06, new byte[4]), token);
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.PresentationContextRejected);
        result.FailureOrNull().ShouldNotBeNull().Args["reason"].ShouldBe("presentation context missing from the answer");
    }

    [Fact]
    public async Task EchoAsync_PeerAcceptsTcpAndNeverAnswers_TimesOutInAssociatePhase()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await Task.Delay(Timeout.Infinite, token);
        });

        var result = await _client.EchoAsync(peer.Request(TimeSpan.FromMilliseconds(300)), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Timeout);
        result.ConnectLatency.ShouldNotBeNull();
        result.AssociationLatency.ShouldBeNull();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.timeout");
        failure.Args["phase"].ShouldBe("associate");
        failure.Args["seconds"].ShouldBe("0.3");
    }

    [Fact]
    public async Task EchoAsync_PeerClosesRightAfterConnect_FailsWithConnectionClosed()
    {
        await using var peer = new FakeDicomPeer((stream, _) =>
        {
            stream.Close();
            return Task.CompletedTask;
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.connection_closed");
        failure.Args["phase"].ShouldBe("associate");
    }

    [Fact]
    public async Task EchoAsync_NothingListens_FailsWithConnectFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await _client.EchoAsync(new DicomEchoRequest("127.0.0.1", port, "PACS", TimeSpan.FromSeconds(10)), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        result.ConnectLatency.ShouldBeNull();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.connect_failed");
        failure.Args["endpoint"].ShouldBe($"127.0.0.1:{port}");
        failure.Args["reason"].ShouldContain("refused", Case.Insensitive);
    }

    [Fact]
    public async Task EchoAsync_AnswersFragmentedByteByByte_ReadsThemWhole()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await FakeDicomPeer.WriteByteByByteAsync(stream, FakeDicomPeer.AssociateAccept(), token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            var command = FakeDicomPeer.EchoResponseCommand(0x0000);
            // The command split over three PDVs in two P-DATA-TF PDUs.
            await FakeDicomPeer.WriteByteByByteAsync(stream, FakeDicomPeer.CommandPData(false, command[..10], command[10..30]), token);
            await FakeDicomPeer.WriteByteByByteAsync(stream, FakeDicomPeer.CommandPData(command[30..]), token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await FakeDicomPeer.WriteByteByByteAsync(stream, FakeDicomPeer.Pdu(0x06, new byte[4]), token);
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Success);
        result.DimseStatus.ShouldBe((ushort)0x0000);
        result.Released.ShouldBeTrue();
        result.Accept.ShouldNotBeNull().PeerImplementationVersionName.ShouldBe("FAKEPEER");
        result.Accept.PeerMaxPduLength.ShouldBe(16384u);
        result.FailureOrNull().ShouldBeNull();
    }

    [Fact]
    public async Task EchoAsync_EchoAnsweredWithErrorStatus_FailsWithThatStatus()
    {
        await using var peer = ScriptedPeer(FakeDicomPeer.CommandPData(FakeDicomPeer.EchoResponseCommand(0x0122)));

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        result.AssociationAccepted.ShouldBeTrue();
        result.DimseStatus.ShouldBe((ushort)0x0122);
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.echo_status");
        failure.Args["status"].ShouldBe("0x0122");
    }

    [Fact]
    public async Task EchoAsync_PeerAbortsInsteadOfEchoing_ReportsAbortWithReason()
    {
        await using var peer = ScriptedPeer(FakeDicomPeer.Pdu(0x07, [0, 0, 2, 2]));

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Aborted);
        result.AssociationAccepted.ShouldBeTrue();
        result.Abort.ShouldBe(new DicomAssociationAbort(2, 2));
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.aborted");
        failure.Args["source"].ShouldBe("service provider");
        failure.Args["reason"].ShouldBe("unexpected PDU");
    }

    [Fact]
    public async Task EchoAsync_PeerRejectsPresentationContext_ReportsAbstractSyntaxNotSupported()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.AssociateAccept(presentationContextResult: 3), token);
            (await FakeDicomPeer.ReadPduAsync(stream, token)).Type.ShouldBe((byte)0x05);
            await stream.WriteAsync(FakeDicomPeer.Pdu(0x06, new byte[4]), token);
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.PresentationContextRejected);
        result.AssociationAccepted.ShouldBeTrue();
        result.Released.ShouldBeTrue();
        result.DimseStatus.ShouldBeNull();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.presentation_context_rejected");
        failure.Args["reason"].ShouldBe("abstract syntax not supported (provider rejection)");
    }

    [Fact]
    public async Task EchoAsync_PeerRejectsWithTemporaryCongestion_ReportsReasonInWords()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.Pdu(0x03, [0, 2, 3, 1]), token);
        });

        var result = await _client.EchoAsync(peer.Request(), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Rejected);
        result.Rejection.ShouldBe(new DicomAssociationRejection(2, 3, 1));
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.rejected");
        failure.Args["reason"].ShouldBe("temporary congestion");
        failure.Args["result"].ShouldBe("rejected transient");
        failure.Args["source"].ShouldBe("service provider (presentation)");
    }

    [Fact]
    public async Task EchoAsync_PeerNeverAnswersRelease_StillSucceedsButNotReleased()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.AssociateAccept(), token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await stream.WriteAsync(FakeDicomPeer.CommandPData(FakeDicomPeer.EchoResponseCommand(0x0000)), token);
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await Task.Delay(Timeout.Infinite, token);
        });

        var result = await _client.EchoAsync(peer.Request(TimeSpan.FromMilliseconds(500)), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Success);
        result.DimseStatus.ShouldBe((ushort)0);
        result.Released.ShouldBeFalse();
        result.FailureOrNull().ShouldBeNull();
    }

    [Fact]
    public async Task EchoAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var peer = new FakeDicomPeer(async (stream, token) =>
        {
            await FakeDicomPeer.ReadPduAsync(stream, token);
            await Task.Delay(Timeout.Infinite, token);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => _client.EchoAsync(peer.Request(TimeSpan.FromSeconds(30)), cancel.Token));
    }

    [Fact]
    public async Task EchoAsync_InvalidCalledAeTitle_FailsWithoutConnecting()
    {
        var result = await _client.EchoAsync(new DicomEchoRequest("127.0.0.1", 1, @"BAD\AE", TimeSpan.FromSeconds(1)), default);

        result.Outcome.ShouldBe(DicomEchoOutcome.Failed);
        result.ConnectLatency.ShouldBeNull();
        var failure = result.FailureOrNull().ShouldNotBeNull();
        failure.Code.ShouldBe("monitoring.dicom.invalid_ae_title");
        failure.Args["field"].ShouldBe("calledAeTitle");
    }

    /// <summary>Accepts the association, then answers the C-ECHO-RQ with <paramref name="answer"/> and a release with A-RELEASE-RP.</summary>
    private static FakeDicomPeer ScriptedPeer(byte[] answer) => new(async (stream, token) =>
    {
        await FakeDicomPeer.ReadPduAsync(stream, token);
        await stream.WriteAsync(FakeDicomPeer.AssociateAccept(), token);
        await FakeDicomPeer.ReadPduAsync(stream, token);
        await stream.WriteAsync(answer, token);
        if ((await FakeDicomPeer.ReadPduAsync(stream, token)).Type == 0x05)
        {
            await stream.WriteAsync(FakeDicomPeer.Pdu(0x06, new byte[4]), token);
        }
    });
}
