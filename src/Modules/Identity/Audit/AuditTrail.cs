using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Identity.Audit;

internal sealed class AuditTrail(Databases databases, TimeProvider clock, IHttpContextAccessor http, ILogger<AuditTrail> log) : IAuditTrail
{
    private const long PostgresChainLock = 7_246_002;
    private const int SummaryLimit = 2000;

    public async Task RecordAsync(AuditEntry entry, DbConnection connection, DbTransaction transaction, AuditActor? actor = null, CancellationToken ct = default)
    {
        actor ??= CurrentActor();
        if (databases.Config.Engine == DatabaseEngine.PostgreSql)
        {
            // Appends must be serial for the chain; SQLite's write transaction already is.
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@k)", new { k = PostgresChainLock }, transaction);
        }

        var last = await connection.QueryFirstOrDefaultAsync<(long Seq, string Hash)?>(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: transaction);
        var seq = (last?.Seq ?? 0) + 1;
        var prev = last?.Hash ?? AuditChain.Genesis;
        var at = UnixMs.Now(clock);
        var summary = entry.Summary is { Length: > SummaryLimit } s ? s[..SummaryLimit] : entry.Summary;
        var hash = AuditChain.HashOf(seq, at, actor.UserId, actor.UserName, actor.SourceIp, entry.Action, entry.ObjectType, entry.ObjectId, entry.Result, summary, prev);
        await connection.ExecuteAsync(
            """
            INSERT INTO audit_log (seq, at, user_id, user_name, source_ip, action, object_type, object_id, result, summary, prev_hash, hash)
            VALUES (@seq, @at, @UserId, @UserName, @SourceIp, @Action, @ObjectType, @ObjectId, @Result, @summary, @prev, @hash)
            """,
            new { seq, at, actor.UserId, actor.UserName, actor.SourceIp, entry.Action, entry.ObjectType, entry.ObjectId, entry.Result, summary, prev, hash },
            transaction);
    }

    public async Task RecordAsync(AuditEntry entry, AuditActor? actor = null, CancellationToken ct = default)
    {
        actor ??= CurrentActor();
        try
        {
            await using var connection = await databases.Config.OpenAsync(ct);
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            await RecordAsync(entry, connection, tx, actor, ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Could not write the audit record {Action} {ObjectType}", entry.Action, entry.ObjectType);
            throw;
        }
    }

    private AuditActor CurrentActor()
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return new AuditActor(null, "system", null);
        }

        var user = CurrentUser.Of(context);
        return new AuditActor(user.IsAuthenticated ? user.UserId : null, user.IsAuthenticated ? user.UserName : "anonymous", context.Connection.RemoteIpAddress?.ToString());
    }
}
