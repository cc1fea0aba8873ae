using System.Security.Cryptography.X509Certificates;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Senders.Smtp;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// E-mail through the hospital's SMTP server: STARTTLS (587), TLS on connect (465) or, only where the channel says so,
/// clear text; login when the channel has a user. A 4xx reply is retried, a 5xx is not; recipients the server defers
/// while taking the others are sent a follow-up of their own, so nobody receives the message twice.
/// </summary>
internal sealed class EmailSender(TimeProvider clock) : INotificationSender
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Type => ChannelType.Email;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        var s = n.Settings;
        if (n.Recipients.Count == 0)
        {
            return SendOutcome.Fail("no recipients");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var root = s.CaCertificate is { } pem ? X509Certificate2.CreateFromPem(pem) : null;
        try
        {
            await using var session = await SmtpSession.ConnectAsync(s.Host!, s.Port ?? 25, s.Security == "ssl", root, timeout.Token);
            await session.HelloAsync("hospitalops", timeout.Token);
            if (s.Security == "starttls")
            {
                await session.StartTlsAsync("hospitalops", timeout.Token);
            }

            if (s.Username is { } user)
            {
                await session.AuthenticateAsync(user, n.Secrets.GetValueOrDefault("password", string.Empty), timeout.Token);
            }

            var from = await session.MailFromAsync(s.From!, timeout.Token);
            if (!from.Positive)
            {
                return from.Transient ? SendOutcome.Retry($"MAIL FROM: {from}") : SendOutcome.Fail($"MAIL FROM: {from}");
            }

            var accepted = new List<string>();
            var deferred = new List<(string To, SmtpReply Reply)>();
            var refused = new List<(string To, SmtpReply Reply)>();
            foreach (var to in n.Recipients)
            {
                var reply = await session.RecipientAsync(to, timeout.Token);
                (reply.Positive ? null : reply.Transient ? deferred : refused)?.Add((to, reply));
                if (reply.Positive)
                {
                    accepted.Add(to);
                }
            }

            var problems = string.Join("; ", deferred.Concat(refused).Select(x => $"{x.To}: {x.Reply}"));
            if (accepted.Count == 0)
            {
                return deferred.Count > 0 ? SendOutcome.Retry(problems) : SendOutcome.Fail(problems);
            }

            var data = await session.DataAsync(MailMessageWriter.Write(s.From!, accepted, n.Title, n.Body, n.IdempotencyKey, clock.GetUtcNow()), timeout.Token);
            if (!data.Positive)
            {
                return data.Transient ? SendOutcome.Retry($"DATA: {data}") : SendOutcome.Fail($"DATA: {data}");
            }

            await session.QuitAsync(timeout.Token);
            return SendOutcome.Ok($"{data}{(problems.Length > 0 ? "; " + problems : string.Empty)}") with { Deferred = deferred.Select(d => d.To).ToList() };
        }
        catch (SmtpFailure failure)
        {
            return failure.Transient ? SendOutcome.Retry(failure.Message) : SendOutcome.Fail(failure.Message);
        }
        catch (IOException)
        {
            return SendOutcome.Retry("the connection broke off");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendOutcome.Retry($"no answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
