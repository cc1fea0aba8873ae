namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// A time the ticket waited on someone other than the service desk (待用户确认, 挂起…): it never counts against a target.
/// <see cref="Until"/> is null while the ticket is still waiting.
/// </summary>
internal sealed record SlaPause
{
    public SlaPause(DateTimeOffset from, DateTimeOffset? until = null)
    {
        if (until < from)
        {
            throw new ArgumentException($"A pause cannot end ({until:O}) before it starts ({from:O}).");
        }

        From = from;
        Until = until;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset? Until { get; }

    public bool IsOpen => Until is null;
}
