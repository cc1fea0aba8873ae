using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Identity.Ldap;

/// <summary>A directory user whose password the directory accepted.</summary>
internal sealed record LdapIdentity(string Dn, string DisplayName, string? Email, IReadOnlyList<string> Groups, IReadOnlyList<string> Roles);

/// <summary>
/// Checks a password against LDAP / Active Directory: find the user's entry (service account or
/// anonymous search), bind as that entry with the password, then read its groups and map them
/// to local roles.
/// </summary>
internal sealed class LdapAuthenticator(IOptions<IdentityOptions> options, ILogger<LdapAuthenticator> log)
{
    public bool Enabled => options.Value.Ldap.Enabled;

    /// <summary>Null when the user is unknown or the password is wrong; throws when the directory cannot be reached.</summary>
    public LdapIdentity? Authenticate(string userName, string password)
    {
        var o = options.Value.Ldap;
        if (string.IsNullOrEmpty(password))
        {
            // An empty password would be an anonymous bind, which "succeeds" on most servers.
            return null;
        }

        using var search = Connect(o);
        if (!string.IsNullOrEmpty(o.BindDn))
        {
            search.Bind(new NetworkCredential(o.BindDn, o.BindPassword));
        }
        else
        {
            search.AuthType = AuthType.Anonymous;
            search.Bind();
        }

        var filter = string.Format(System.Globalization.CultureInfo.InvariantCulture, o.UserFilter, EscapeFilter(userName));
        var response = (SearchResponse)search.SendRequest(new SearchRequest(o.UserBaseDn, filter, SearchScope.Subtree, o.DisplayNameAttribute, o.MailAttribute));
        if (response.Entries.Count != 1)
        {
            return null;
        }

        var entry = response.Entries[0];
        using (var userConnection = Connect(o))
        {
            try
            {
                userConnection.Bind(new NetworkCredential(entry.DistinguishedName, password));
            }
            catch (LdapException ex) when (ex.ErrorCode == 49)
            {
                return null;
            }
        }

        var groups = new List<string>();
        if (!string.IsNullOrEmpty(o.GroupBaseDn))
        {
            var groupFilter = string.Format(System.Globalization.CultureInfo.InvariantCulture, o.GroupFilter, EscapeFilter(entry.DistinguishedName));
            var groupResponse = (SearchResponse)search.SendRequest(new SearchRequest(o.GroupBaseDn, groupFilter, SearchScope.Subtree, "cn"));
            foreach (SearchResultEntry g in groupResponse.Entries)
            {
                groups.Add(g.DistinguishedName);
            }
        }

        var roles = groups
            .SelectMany(dn => new[] { dn, CommonName(dn) })
            .Select(key => o.GroupRoles.TryGetValue(key, out var role) ? role : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        log.LogInformation("LDAP login of {User}: {Groups} group(s), roles {Roles}", userName, groups.Count, string.Join(',', roles));
        return new LdapIdentity(entry.DistinguishedName, Attribute(entry, o.DisplayNameAttribute) ?? userName, Attribute(entry, o.MailAttribute), groups, roles);
    }

    private static LdapConnection Connect(LdapOptions o)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(o.Host, o.Port))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = o.UseSsl;
        return connection;
    }

    private static string? Attribute(SearchResultEntry entry, string name) =>
        entry.Attributes.Contains(name) && entry.Attributes[name].Count > 0 ? entry.Attributes[name][0]?.ToString() : null;

    private static string CommonName(string dn)
    {
        var first = dn.Split(',')[0];
        return first.StartsWith("cn=", StringComparison.OrdinalIgnoreCase) ? first[3..] : first;
    }

    /// <summary>RFC 4515 escaping so a user name cannot change the filter.</summary>
    internal static string EscapeFilter(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => @"\5c",
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
