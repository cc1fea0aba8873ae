using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Audit;

/// <summary>The result of walking the chain: where it first breaks, if anywhere.</summary>
public sealed record AuditVerification(bool Ok, long Checked, long? FirstBrokenSeq, string? Reason);

/// <summary>Walks the whole audit chain in order and reports the first record that does not fit.</summary>
internal sealed class VerifyAudit(Databases databases)
{
    public async Task<AuditVerification> Handle(CancellationToken ct = default)
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
                return new AuditVerification(false, count, row.Seq, $"record {expectedSeq} is missing (found {row.Seq} next)");
            }

            if (!string.Equals(row.PrevHash.Trim(), expectedPrev, StringComparison.Ordinal))
            {
                return new AuditVerification(false, count, row.Seq, $"record {row.Seq} does not link to the record before it");
            }

            var actual = AuditChain.HashOf(row with { PrevHash = row.PrevHash.Trim() });
            if (!string.Equals(actual, row.Hash.Trim(), StringComparison.Ordinal))
            {
                return new AuditVerification(false, count, row.Seq, $"record {row.Seq} was altered (its content does not match its hash)");
            }

            expectedPrev = row.Hash.Trim();
            expectedSeq++;
        }

        return new AuditVerification(true, count, null, null);
    }

    internal static async Task<IResult> Endpoint(VerifyAudit verify, IAuditTrail audit, CancellationToken ct)
    {
        var result = await verify.Handle(ct);
        await audit.RecordAsync(new AuditEntry("audit.verify", "audit", null, result.Ok ? AuditEntry.Success : AuditEntry.Failure, result.Reason), ct: ct);
        return Results.Ok(result);
    }
}
