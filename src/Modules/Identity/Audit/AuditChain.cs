using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HospitalOps.Identity.Audit;

/// <summary>One stored audit record, as the chain hashes it.</summary>
internal sealed record AuditRow(
    long Seq, long At, long? UserId, string UserName, string? SourceIp, string Action,
    string ObjectType, string? ObjectId, string Result, string? Summary, string PrevHash, string Hash);

/// <summary>
/// The hash chain: each record's hash covers its own fields and the previous record's hash,
/// so changing, removing or reordering any record breaks every link after it.
/// </summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(long seq, long at, long? userId, string userName, string? sourceIp, string action,
        string objectType, string? objectId, string result, string? summary, string prevHash)
    {
        // Length-prefixing each field makes the encoding unambiguous whatever the fields contain.
        var sb = new StringBuilder(256);
        foreach (var field in new[]
        {
            seq.ToString(CultureInfo.InvariantCulture), at.ToString(CultureInfo.InvariantCulture),
            userId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, userName, sourceIp ?? string.Empty, action,
            objectType, objectId ?? string.Empty, result, summary ?? string.Empty, prevHash,
        })
        {
            sb.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    public static string HashOf(AuditRow r) =>
        HashOf(r.Seq, r.At, r.UserId, r.UserName, r.SourceIp, r.Action, r.ObjectType, r.ObjectId, r.Result, r.Summary, r.PrevHash);
}
