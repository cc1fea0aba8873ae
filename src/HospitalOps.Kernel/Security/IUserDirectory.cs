namespace HospitalOps.Kernel.Security;

/// <summary>How to reach a platform user: for on-call duty and notifications.</summary>
public sealed record UserContact(string UserName, string DisplayName, string? Email, string? Phone, bool Disabled);

/// <summary>A team of the organisation (an org unit of kind team) and the user names of its enabled members.</summary>
public sealed record TeamMembers(string Code, string Name, string NameEn, IReadOnlyList<string> Members);

/// <summary>What Identity tells other modules about users: who exists and how to reach them.</summary>
public interface IUserDirectory
{
    /// <summary>The contacts of the users among <paramref name="userNames"/> that exist, by user name.</summary>
    Task<IReadOnlyDictionary<string, UserContact>> ContactsAsync(IReadOnlyCollection<string> userNames, CancellationToken ct);

    /// <summary>The enabled users whose roles grant <paramref name="permission"/> (the engineers who may work tickets, for instance), by user name.</summary>
    Task<IReadOnlyList<UserContact>> HoldersOfAsync(string permission, CancellationToken ct);

    /// <summary>Every team (org unit of kind team) with its enabled members, by name.</summary>
    Task<IReadOnlyList<TeamMembers>> TeamsAsync(CancellationToken ct);

    /// <summary>The names of every role (系统管理员, 信息科主任…), for settings that name a role.</summary>
    Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct);

    /// <summary>The names of the roles the user holds; empty for an unknown user.</summary>
    Task<IReadOnlyList<string>> RolesOfAsync(string userName, CancellationToken ct);
}
