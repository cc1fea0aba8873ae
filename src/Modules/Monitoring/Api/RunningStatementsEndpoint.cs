using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Database;
using HospitalOps.Monitoring.Targets;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Api;

/// <summary>A session of a database as the DBA sees it now.</summary>
public sealed record StatementDto(
    int Pid, string? User, string? Database, string? Application, string? ClientAddress, string? State, string? WaitEventType, string? WaitEvent,
    DateTimeOffset? TransactionStart, DateTimeOffset? QueryStart, double? DurationSeconds, IReadOnlyList<int> BlockedBy, string? Query, bool QueryTruncated);

/// <summary>A session that blocks others, with the sessions waiting on it.</summary>
public sealed record BlockingNodeDto(int Pid, string? User, string? Database, string? State, double? DurationSeconds, string? Query, IReadOnlyList<BlockingNodeDto> Children);

public sealed record RunningStatementsDto(DateTimeOffset CollectedAt, IReadOnlyList<StatementDto> Statements, IReadOnlyList<BlockingNodeDto> BlockingTree);

/// <summary>The statements a PostgreSQL target runs now, and who blocks whom (read live, not stored).</summary>
internal static class RunningStatementsEndpoint
{
    private const int MaxQueryChars = 4000;

    internal static async Task<IResult> Endpoint(HttpContext context, long id, Databases databases, ISecretProtector secrets, TimeProvider clock, CancellationToken ct)
    {
        TargetRow target;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            target = await TargetRow.FindAsync(connection, id) ?? throw AppProblem.NotFound();
        }

        if (target.Kind != "postgres")
        {
            throw AppProblem.Invalid("kind", "not_a_database_target");
        }

        IReadOnlyList<RunningStatement> statements;
        try
        {
            statements = await RunningStatements.ReadAsync(
                PostgresTargetCollector.ConnectionString(target, target.SettingsObject, target.Secrets(secrets)), MaxQueryChars, TimeSpan.FromMilliseconds(target.TimeoutMs), ct);
        }
        catch (CollectionFailure failure)
        {
            throw new AppProblem(502, failure.Code, failure.Args);
        }

        var tree = BlockingTree.Build(statements);
        return Results.Ok(new RunningStatementsDto(
            clock.GetUtcNow(),
            statements.Select(s => new StatementDto(s.Pid, s.User, s.Database, s.Application, s.ClientAddress, s.State, s.WaitEventType, s.WaitEvent,
                s.TransactionStart, s.QueryStart, s.DurationSeconds, s.BlockedBy, s.Query, s.QueryTruncated)).ToList(),
            tree.Select(ToDto).ToList()));
    }

    private static BlockingNodeDto ToDto(BlockingNode node) =>
        new(node.Session.Pid, node.Session.User, node.Session.Database, node.Session.State, node.Session.DurationSeconds, node.Session.Query, node.Blocks.Select(ToDto).ToList());
}
