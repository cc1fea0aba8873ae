using HospitalOps.Kernel.Security;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Who changes a ticket: a signed-in user with their permissions, or the platform itself (tickets from alerts).</summary>
internal sealed record TicketActor(string UserName, IReadOnlyCollection<string> Permissions, bool IsSystem)
{
    public static TicketActor Of(CurrentUser user) => new(user.UserName, user.Permissions, false);

    public static TicketActor System(string name) => new(name, [], true);

    public bool Has(string permission) => IsSystem || Permissions.Contains(permission);
}
