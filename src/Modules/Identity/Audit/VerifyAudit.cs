using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Audit;

/// <summary>
/// The result of walking the chain: where it first breaks, if anywhere, why (a stable code:
/// audit_record_missing, audit_link_broken, audit_record_altered) and that reason in words.
/// </summary>
public sealed record AuditVerification(bool Ok, long Checked, long? FirstBrokenSeq, string? ReasonCode, string? Reason);

/// <summary>Walks the whole audit chain in order and reports the first record that does not fit.</summary>
internal sealed class VerifyAudit(Databases databases)
{
    public async Task<AuditVerification> Handle(CancellationToken ct = default, string language = RequestLanguage.English)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<AuditRow>(
            "SELECT seq, at, user_id AS UserId, user_name AS UserName, source_ip AS SourceIp, action, object_type AS ObjectType, object_id AS ObjectId, result, summary, prev_hash AS PrevHash, hash FROM audit_log ORDER BY seq")
            .WithCancellation(ct);
        var expectedPrev = AuditChain.Genesis;
        long expectedSeq = 1, count = 0;
        await foreach (var row in rows)
        {
            count++;
            if (row.Seq != expectedSeq)
            {
                return Broken(language, count, expectedSeq, "audit_record_missing", expectedSeq);
            }

            if (!string.Equals(row.PrevHash.Trim(), expectedPrev, StringComparison.Ordinal))
            {
                return Broken(language, count, row.Seq, "audit_link_broken", row.Seq);
            }

            var actual = AuditChain.HashOf(row with { PrevHash = row.PrevHash.Trim() });
            if (!string.Equals(actual, row.Hash.Trim(), StringComparison.Ordinal))
            {
                return Broken(language, count, row.Seq, "audit_record_altered", row.Seq);
            }

            expectedPrev = row.Hash.Trim();
            expectedSeq++;
        }

        return new AuditVerification(true, count, null, null, null);
    }

    private static AuditVerification Broken(string language, long count, long seq, string code, long about) =>
        new(false, count, seq, code, ErrorCatalog.Message(code, language, new Dictionary<string, string> { ["seq"] = about.ToString(System.Globalization.CultureInfo.InvariantCulture) }));


    internal static async Task<IResult> Endpoint(HttpContext context, VerifyAudit verify, IAuditTrail audit, CancellationToken ct)
    {
        var result = await verify.Handle(ct, RequestLanguage.Of(context));
        await audit.RecordAsync(new AuditEntry("audit.verify", "audit", null, result.Ok ? AuditEntry.Success : AuditEntry.Failure, result.ReasonCode is null ? null : $"{result.ReasonCode} at {result.FirstBrokenSeq}"), ct: ct);
        return Results.Ok(result);
    }
}
