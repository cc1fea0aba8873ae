using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace HospitalOps.Monitoring.Collectors.Dicom;

/// <summary>
/// A DICOM verification SCU: connect, A-ASSOCIATE-RQ for the Verification SOP class, C-ECHO,
/// A-RELEASE (PS3.7 §9.1.5, PS3.8 §9). It never throws for anything the node or the network does;
/// every ending is a <see cref="DicomEchoResult"/>. Only the caller's own cancellation throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class DicomEchoClient(TimeProvider? timeProvider = null)
{
    private const ushort MessageId = 1;

    /// <summary>A C-ECHO-RSP is about 100 bytes; anything close to this is not a verification answer.</summary>
    private const int MaxCommandLength = 64 * 1024;

    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<DicomEchoResult> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var run = new Run(_time);
        using var timeout = new CancellationTokenSource(request.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        using var tcp = new TcpClient { NoDelay = true };
        try
        {
            run.Phase = "connect";
            try
            {
                await tcp.ConnectAsync(request.Host, request.Port, token);
            }
            catch (SocketException e) when (!token.IsCancellationRequested)
            {
                return run.Finish(DicomEchoOutcome.Failed, DicomErrors.ConnectFailed, ("endpoint", $"{request.Host}:{request.Port}"), ("reason", e.Message));
            }

            run.ConnectLatency = run.Lap();
            var stream = tcp.GetStream();

            run.Phase = "associate";
            await stream.WriteAsync(DicomPduWriter.AssociateRequest(request.CalledAeTitle, request.CallingAeTitle), token);
            var answer = await DicomPduReader.ReadAsync(stream, token);
            switch ((DicomPduType)answer.Type)
            {
                case DicomPduType.AssociateAccept:
                    run.Accept = DicomAssociateAccept.Parse(answer.Body);
                    break;
                case DicomPduType.AssociateReject:
                    var rejection = ParseRejection(answer.Body);
                    run.Rejection = rejection;
                    run.AssociationLatency = run.Lap();
                    return run.Finish(DicomEchoOutcome.Rejected, DicomErrors.Rejected, ("reason", rejection.ReasonText), ("result", rejection.ResultText), ("source", rejection.SourceText));
                case DicomPduType.Abort:
                    return run.Aborted(ParseAbort(answer.Body));
                default:
                    throw Unexpected(answer, "A-ASSOCIATE-AC or -RJ");
            }

            run.AssociationLatency = run.Lap();
            if (!run.Accept.PresentationContextAccepted)
            {
                run.Released = await TryReleaseAsync(stream, token);
                return run.Finish(DicomEchoOutcome.PresentationContextRejected, DicomErrors.PresentationContextRejected, ("reason", run.Accept.PresentationContextResultText));
            }

            run.Phase = "echo";
            await stream.WriteAsync(DicomPduWriter.CommandData(DicomEchoCommand.Request(MessageId)), token);
            var (command, abort) = await ReadCommandAsync(stream, token);
            if (abort is not null)
            {
                return run.Aborted(abort);
            }

            var (respondedTo, status) = DicomEchoCommand.ParseResponse(command);
            if (respondedTo != MessageId)
            {
                throw new DicomProtocolException($"C-ECHO-RSP answers message {respondedTo}, we sent {MessageId}");
            }

            run.EchoRoundTrip = run.Lap();
            run.DimseStatus = status;

            run.Phase = "release";
            run.Released = await TryReleaseAsync(stream, token);
            return status == 0x0000
                ? run.Finish(DicomEchoOutcome.Success, null)
                : run.Finish(DicomEchoOutcome.Failed, DicomErrors.EchoStatus, ("status", "0x" + status.ToString("X4", CultureInfo.InvariantCulture)));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException && token.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return run.Finish(DicomEchoOutcome.Timeout, DicomErrors.Timeout, ("phase", run.Phase), ("seconds", request.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)));
        }
        catch (DicomProtocolException e)
        {
            await TryAbortAsync(tcp);
            return run.Finish(DicomEchoOutcome.Failed, DicomErrors.ProtocolError, ("reason", e.Message));
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException or ObjectDisposedException)
        {
            return run.Finish(DicomEchoOutcome.Failed, DicomErrors.ConnectionClosed, ("phase", run.Phase));
        }
    }

    private static DicomEchoResult? Invalid(DicomEchoRequest request)
    {
        if (DicomAeTitle.Validate(request.CalledAeTitle) is { } called)
        {
            return Rejected(called, ("field", "calledAeTitle"));
        }

        if (DicomAeTitle.Validate(request.CallingAeTitle) is { } calling)
        {
            return Rejected(calling, ("field", "callingAeTitle"));
        }

        if (string.IsNullOrWhiteSpace(request.Host))
        {
            return Rejected(DicomErrors.InvalidTarget, ("reason", "host is empty"));
        }

        if (request.Port is < 1 or > 65535)
        {
            return Rejected(DicomErrors.InvalidTarget, ("reason", "port must be 1-65535"));
        }

        return request.Timeout <= TimeSpan.Zero
            ? Rejected(DicomErrors.InvalidTarget, ("reason", "timeout must be positive"))
            : null;

        static DicomEchoResult Rejected(string code, params (string, string)[] args) =>
            new() { Outcome = DicomEchoOutcome.Failed, FailureCode = code, FailureArgs = args };
    }

    /// <summary>The command set of the next DIMSE message, or the A-ABORT the node sent instead.</summary>
    private static async Task<(byte[] Command, DicomAssociationAbort? Abort)> ReadCommandAsync(Stream stream, CancellationToken token)
    {
        var command = new MemoryStream();
        while (true)
        {
            var pdu = await DicomPduReader.ReadAsync(stream, token);
            if (pdu.Is(DicomPduType.Abort))
            {
                return ([], ParseAbort(pdu.Body));
            }

            if (!pdu.Is(DicomPduType.DataTransfer))
            {
                throw Unexpected(pdu, "P-DATA-TF");
            }

            var body = pdu.Body;
            var offset = 0;
            while (offset < body.Length)
            {
                if (body.Length - offset < 6)
                {
                    throw new DicomProtocolException("truncated PDV item");
                }

                var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset));
                if (length < 2 || length > body.Length - offset - 4)
                {
                    throw new DicomProtocolException($"PDV item length {length} does not fit its P-DATA-TF");
                }

                var header = body[offset + 5];
                var isCommand = (header & 0x01) != 0;
                var isLast = (header & 0x02) != 0;
                if (isCommand)
                {
                    if (command.Length + length - 2 > MaxCommandLength)
                    {
                        throw new DicomProtocolException($"command set longer than {MaxCommandLength} bytes");
                    }

                    command.Write(body, offset + 6, (int)length - 2);
                    if (isLast)
                    {
                        return (command.ToArray(), null);
                    }
                }

                offset += 4 + (int)length;
            }
        }
    }

    /// <summary>A-RELEASE-RQ, then wait for A-RELEASE-RP. The verdict is already in, so a node that answers badly here changes nothing.</summary>
    private static async Task<bool> TryReleaseAsync(Stream stream, CancellationToken token)
    {
        try
        {
            await stream.WriteAsync(DicomPduWriter.ReleaseRequest(), token);
            while (true)
            {
                var pdu = await DicomPduReader.ReadAsync(stream, token);
                if (pdu.Is(DicomPduType.ReleaseResponse))
                {
                    return true;
                }

                if (pdu.Is(DicomPduType.Abort) || pdu.Is(DicomPduType.ReleaseRequest))
                {
                    return false;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or DicomProtocolException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Tells a node that spoke nonsense that we are done (PS3.8 state machine action AA-8); best effort.</summary>
    private static async Task TryAbortAsync(TcpClient tcp)
    {
        try
        {
            using var grace = new CancellationTokenSource(AbortGrace);
            await tcp.GetStream().WriteAsync(DicomPduWriter.Abort(), grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The node may already be gone; there is nobody left to tell.
        }
    }

    private static DicomAssociationRejection ParseRejection(byte[] body) =>
        body.Length >= 4
            ? new DicomAssociationRejection(body[1], body[2], body[3])
            : throw new DicomProtocolException($"A-ASSOCIATE-RJ of {body.Length} bytes, expected 4");

    // An abort is an abort even when its reserved bytes are missing.
    private static DicomAssociationAbort ParseAbort(byte[] body) =>
        new(body.Length >= 3 ? body[2] : (byte)0, body.Length >= 4 ? body[3] : (byte)0);

    private static DicomProtocolException Unexpected(DicomPdu pdu, string expected) =>
        new($"expected {expected}, got {(DicomPduType)pdu.Type}");

    /// <summary>What one verification has found so far, and the clock for its latencies.</summary>
    private sealed class Run
    {
        private readonly TimeProvider _time;
        private readonly long _start;
        private long _lapStart;

        public Run(TimeProvider time)
        {
            _time = time;
            _start = _lapStart = time.GetTimestamp();
        }

        /// <summary>connect, associate, echo or release: where a timeout or a broken connection happened.</summary>
        public string Phase { get; set; } = "connect";

        public TimeSpan? ConnectLatency { get; set; }

        public TimeSpan? AssociationLatency { get; set; }

        public TimeSpan? EchoRoundTrip { get; set; }

        public DicomAssociateAccept? Accept { get; set; }

        public DicomAssociationRejection? Rejection { get; set; }

        public ushort? DimseStatus { get; set; }

        public bool Released { get; set; }

        /// <summary>The time since the previous lap (or the start), and starts the next one.</summary>
        public TimeSpan Lap()
        {
            var now = _time.GetTimestamp();
            var lap = _time.GetElapsedTime(_lapStart, now);
            _lapStart = now;
            return lap;
        }

        public DicomEchoResult Aborted(DicomAssociationAbort abort) =>
            Finish(DicomEchoOutcome.Aborted, DicomErrors.Aborted, abort, ("source", abort.SourceText), ("reason", abort.ReasonText));

        public DicomEchoResult Finish(DicomEchoOutcome outcome, string? failureCode, params (string, string)[] failureArgs) =>
            Finish(outcome, failureCode, null, failureArgs);

        private DicomEchoResult Finish(DicomEchoOutcome outcome, string? failureCode, DicomAssociationAbort? abort, params (string, string)[] failureArgs) =>
            new()
            {
                Outcome = outcome,
                DimseStatus = DimseStatus,
                AssociationAccepted = Accept is not null,
                Accept = Accept,
                Rejection = Rejection,
                Abort = abort,
                Released = Released,
                ConnectLatency = ConnectLatency,
                AssociationLatency = AssociationLatency,
                EchoRoundTrip = EchoRoundTrip,
                Total = _time.GetElapsedTime(_start),
                FailureCode = failureCode,
                FailureArgs = failureArgs,
            };
    }
}
