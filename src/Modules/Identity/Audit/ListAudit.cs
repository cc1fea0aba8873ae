using System.Globalization;
using System.Text;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Audit;

public sealed record AuditRecordDto(long Seq, DateTimeOffset At, long? UserId, string UserName, string? SourceIp, string Action, string ObjectType, string? ObjectId, string Result, string? Summary);

/// <summary>Filters of the audit viewer and the CSV export.</summary>
public sealed record AuditFilter(DateTimeOffset? From, DateTimeOffset? To, string? UserName, string? Action, string? ObjectType, string? Result);

/// <summary>Reads the audit trail with filters and paging (auditors only).</summary>
internal sealed class ListAudit(Databases databases)
{
    public async Task<Page<AuditRecordDto>> Handle(AuditFilter filter, PageRequest page, CancellationToken ct)
    {
        var (where, args) = Where(filter);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM audit_log {where}", args);
        args.Add("limit", page.PageSize);
        args.Add("offset", page.Offset);
        var rows = await connection.QueryAsync<AuditRow>(
            $"SELECT seq, at, user_id AS UserId, user_name AS UserName, source_ip AS SourceIp, action, object_type AS ObjectType, object_id AS ObjectId, result, summary, prev_hash AS PrevHash, hash FROM audit_log {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            args);
        return new Page<AuditRecordDto>(rows.Select(ToDto).ToList(), total, page.PageNumber, page.PageSize);
    }

    public async IAsyncEnumerable<AuditRecordDto> Stream(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (where, args) = Where(filter);
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<AuditRow>(
            $"SELECT seq, at, user_id AS UserId, user_name AS UserName, source_ip AS SourceIp, action, object_type AS ObjectType, object_id AS ObjectId, result, summary, prev_hash AS PrevHash, hash FROM audit_log {where} ORDER BY seq",
            args);
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return ToDto(row);
        }
    }

    private static AuditRecordDto ToDto(AuditRow r) =>
        new(r.Seq, UnixMs.ToTime(r.At), r.UserId, r.UserName, r.SourceIp, r.Action, r.ObjectType, r.ObjectId, r.Result, r.Summary);

    private static (string Where, DynamicParameters Args) Where(AuditFilter f)
    {
        var clauses = new List<string>();
        var args = new DynamicParameters();
        if (f.From is { } from)
        {
            clauses.Add("at >= @from");
            args.Add("from", from.ToUnixTimeMilliseconds());
        }

        if (f.To is { } to)
        {
            clauses.Add("at < @to");
            args.Add("to", to.ToUnixTimeMilliseconds());
        }

        if (!string.IsNullOrWhiteSpace(f.UserName))
        {
            clauses.Add("lower(user_name) = lower(@userName)");
            args.Add("userName", f.UserName.Trim());
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            clauses.Add("action LIKE @action" + SqlLike.Escape);
            args.Add("action", SqlLike.StartsWith(f.Action.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(f.ObjectType))
        {
            clauses.Add("object_type = @objectType");
            args.Add("objectType", f.ObjectType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(f.Result))
        {
            clauses.Add("result = @result");
            args.Add("result", f.Result.Trim());
        }

        return (clauses.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", clauses), args);
    }

    internal static AuditFilter ParseFilter(string? from, string? to, string? userName, string? action, string? objectType, string? result)
    {
        DateTimeOffset? Parse(string? s, string field) =>
            string.IsNullOrWhiteSpace(s) ? null
            : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
            : throw AppProblem.Invalid(field, "invalid_time_range");
        var f = new AuditFilter(Parse(from, "from"), Parse(to, "to"), userName, action, objectType, result);
        if (f.From > f.To)
        {
            throw AppProblem.Invalid("to", "invalid_time_range");
        }

        return f;
    }

    internal static async Task<IResult> ListEndpoint(ListAudit list, string? from, string? to, string? userName, string? action, string? objectType, string? result, int? page, int? pageSize, CancellationToken ct) =>
        Results.Ok(await list.Handle(ParseFilter(from, to, userName, action, objectType, result), PageRequest.From(page, pageSize), ct));

    /// <summary>CSV in UTF-8 with a BOM so that Excel on a Chinese Windows opens it correctly.</summary>
    internal static async Task ExportEndpoint(HttpContext context, ListAudit list, IAuditTrail audit, string? from, string? to, string? userName, string? action, string? objectType, string? result, CancellationToken ct)
    {
        var filter = ParseFilter(from, to, userName, action, objectType, result);
        await audit.RecordAsync(new AuditEntry("audit.export", "audit", null, AuditEntry.Success, $"from={from} to={to} user={userName} action={action}"), ct: ct);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMddHHmmss}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(true));
        await writer.WriteLineAsync("seq,time_utc,user_id,user_name,source_ip,action,object_type,object_id,result,summary");
        await foreach (var r in list.Stream(filter, ct))
        {
            await writer.WriteLineAsync(string.Join(',',
                r.Seq.ToString(CultureInfo.InvariantCulture), r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                r.UserId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Csv(r.UserName), Csv(r.SourceIp), Csv(r.Action),
                Csv(r.ObjectType), Csv(r.ObjectId), Csv(r.Result), Csv(r.Summary)));
        }
    }

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading formula character would run as a formula in a spreadsheet.
        if ("=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
