namespace HospitalOps.Identity;

/// <summary>Identity settings, bound from the "Identity" section (appsettings.json, HOSPITALOPS_Identity__…).</summary>
public sealed class IdentityOptions
{
    public PasswordPolicyOptions Password { get; set; } = new();

    public LockoutOptions Lockout { get; set; } = new();

    public SessionOptions Session { get; set; } = new();

    public LdapOptions Ldap { get; set; } = new();

    /// <summary>Issuer shown in authenticator apps.</summary>
    public string TotpIssuer { get; set; } = "HospitalOps";
}

public sealed class PasswordPolicyOptions
{
    /// <summary>"default" (composition and expiry) or "asvs" (length only, no composition, no expiry).</summary>
    public string Mode { get; set; } = "default";

    public int MinLength { get; set; } = 8;

    /// <summary>How many of the four classes (lower, upper, digit, symbol) a password needs.</summary>
    public int RequiredClasses { get; set; } = 3;

    /// <summary>Days until a local password must be changed; 0 = never.</summary>
    public int ExpiryDays { get; set; } = 90;

    public bool IsAsvs => string.Equals(Mode, "asvs", StringComparison.OrdinalIgnoreCase);
}

public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;

    public int LockMinutes { get; set; } = 30;
}

public sealed class SessionOptions
{
    public int IdleMinutes { get; set; } = 30;

    public int AbsoluteHours { get; set; } = 12;
}

public sealed class LdapOptions
{
    public bool Enabled { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 389;

    public bool UseSsl { get; set; }

    /// <summary>Account used to find users; empty = anonymous search.</summary>
    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    public string UserBaseDn { get; set; } = string.Empty;

    /// <summary>{0} is replaced by the escaped user name.</summary>
    public string UserFilter { get; set; } = "(uid={0})";

    public string DisplayNameAttribute { get; set; } = "cn";

    public string MailAttribute { get; set; } = "mail";

    public string GroupBaseDn { get; set; } = string.Empty;

    /// <summary>{0} is replaced by the user's escaped DN.</summary>
    public string GroupFilter { get; set; } = "(&(objectClass=groupOfNames)(member={0}))";

    /// <summary>Group common name (or full DN) → local role name.</summary>
    public Dictionary<string, string> GroupRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int TimeoutSeconds { get; set; } = 5;
}
