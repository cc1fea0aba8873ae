using System.Globalization;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// Sends one HL7 v2 message over MLLP and checks its acknowledgement: the interface engine is
/// up, parses messages and answers for the message we sent. Samples: hl7_ack_success,
/// hl7_ack_duration_seconds (from sending to the last byte of the ACK; connecting is not
/// counted), hl7_ack_code{code}. A rejection still adds its samples before failing.
/// </summary>
internal sealed class Hl7Probe(TimeProvider time)
{
    public async Task<Hl7RoundTrip> CollectAsync(Hl7ProbeOptions options, SampleBatch batch, CancellationToken cancellationToken)
    {
        var message = Hl7ProbeMessage.Create(options, time.GetLocalNow());
        var frame = MllpFraming.Wrap(options.Encoding.GetBytes(message.Text));

        using var deadline = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var client = new TcpClient { NoDelay = true };
        var stage = "connect";
        try
        {
            await client.ConnectAsync(options.Host, options.Port, linked.Token);
            var stream = client.GetStream();
            stage = "send";
            var sentAt = time.GetTimestamp();
            await stream.WriteAsync(frame, linked.Token);
            stage = "acknowledgement";
            var reply = await MllpFraming.ReadFrameAsync(stream, options.MaxFrameBytes, linked.Token);
            var duration = time.GetElapsedTime(sentAt);

            var acknowledgement = Hl7Acknowledgement.Parse(Decode(options, reply));
            if (acknowledgement.ControlId != message.ControlId)
            {
                throw new CollectionFailure(Hl7Errors.ControlIdMismatch,
                    ("expected", message.ControlId), ("received", Hl7Message.Shorten(acknowledgement.ControlId, 40) is { Length: > 0 } r ? r : "-"));
            }

            batch.Add("hl7_ack_success", acknowledgement.IsAccepted);
            batch.Add("hl7_ack_duration_seconds", duration.TotalSeconds);
            batch.Add("hl7_ack_code", 1, new Label("code", acknowledgement.Code));
            if (!acknowledgement.IsAccepted)
            {
                throw new CollectionFailure(Hl7Errors.Nak, ("code", acknowledgement.Code), ("text", acknowledgement.Explanation));
            }

            return new Hl7RoundTrip(message.ControlId, acknowledgement, duration);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CollectionFailure(Hl7Errors.Timeout,
                ("timeout", options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
                ("stage", stage));
        }
        catch (SocketException e) when (stage == "connect")
        {
            throw new CollectionFailure(Hl7Errors.ConnectFailed, ("reason", $"{options.Host}:{options.Port}: {e.Message}"));
        }
        catch (ArgumentException e) when (stage == "connect")
        {
            throw new CollectionFailure(Hl7Errors.ConnectFailed, ("reason", $"{options.Host}:{options.Port}: {e.Message}"));
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            throw new CollectionFailure(Hl7Errors.Malformed, ("reason", $"the connection broke during {stage}: {e.Message}"));
        }
    }

    private static string Decode(Hl7ProbeOptions options, byte[] reply)
    {
        try
        {
            return options.Encoding.GetString(reply);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CollectionFailure(Hl7Errors.Malformed, ("reason", $"the reply is not valid {options.Encoding.WebName}"));
        }
    }
}
