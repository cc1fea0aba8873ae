namespace HospitalOps.ServiceDesk.Contracts;

/// <summary>The events the service desk publishes to other modules (through the platform's outbox), as JSON in these shapes.</summary>
public static class ServiceDeskEvents
{
    /// <summary>People should hear about a ticket (a workflow's <c>notify</c> action): <see cref="TicketNotice"/>.</summary>
    public const string TicketNotice = "servicedesk.ticket.notice";

    /// <summary>A scheduled change was approved: its CIs are in planned work over its window, <see cref="ChangeApproved"/>.</summary>
    public const string ChangeApproved = "servicedesk.change.approved";

    /// <summary>A P1 ticket was opened: the people on it should gather (a WeCom/DingTalk group), <see cref="P1Opened"/>.</summary>
    public const string P1Opened = "servicedesk.ticket.p1-opened";
}

/// <summary>A notice about a ticket to the named users.</summary>
public sealed record TicketNotice(long TicketId, string Number, string Title, int Priority, string Transition, IReadOnlyList<string> To, long At);

/// <summary>An approved change: the CIs it touches and when (UTC), for the maintenance window that keeps its alerts from counting.</summary>
public sealed record ChangeApproved(long TicketId, string Number, string Title, IReadOnlyList<string> CiCodes, DateTimeOffset? PlannedStart, DateTimeOffset? PlannedEnd);

/// <summary>
/// A P1 ticket just opened, with what a war-room group needs: the ticket, its CIs and business system, who handles it and who
/// helps (user names), at (Unix ms).
/// </summary>
public sealed record P1Opened(
    long TicketId,
    string Number,
    string Title,
    string? BusinessSystem,
    IReadOnlyList<P1Ci> Cis,
    string? Assignee,
    IReadOnlyList<string> Collaborators,
    string Reporter,
    long At);

/// <summary>A CI of a P1 ticket, by code and name.</summary>
public sealed record P1Ci(string Code, string Name);
