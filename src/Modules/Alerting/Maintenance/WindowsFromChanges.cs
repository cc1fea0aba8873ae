using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Events;
using HospitalOps.ServiceDesk.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>
/// An approved change opens the maintenance window of its work: its CIs over its planned start and end, so the alerts the work
/// causes are recorded as "in maintenance" and count against no SLA. Once per change; a change without CIs or times, or
/// with times a window cannot have, opens none and says why in the log.
/// </summary>
internal sealed class WindowsFromChanges(Databases databases, IServiceScopeFactory scopes, ILogger<WindowsFromChanges> log) : IModuleEventSubscriber
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "alerting.change-windows";

    public IReadOnlyCollection<string> Topics { get; } = [ServiceDeskEvents.ChangeApproved];

    public static string SourceOf(long ticketId) => $"change:{ticketId}";

    public async Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct)
    {
        var change = JsonSerializer.Deserialize<ChangeApproved>(moduleEvent.Payload, Json) ?? throw new InvalidOperationException("empty change");
        if (change.CiCodes.Count == 0 || change.PlannedStart is not { } start || change.PlannedEnd is not { } end)
        {
            log.LogInformation("Change {Number} opens no maintenance window: it names no CIs or no planned times", change.Number);
            return;
        }

        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    "SELECT id FROM maintenance_windows WHERE source = @source", new { source = SourceOf(change.TicketId) }, cancellationToken: ct)) is not null)
            {
                return;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var save = scope.ServiceProvider.GetRequiredService<SaveMaintenanceWindow>();
        var name = $"{change.Number} {change.Title}";
        try
        {
            await save.CreateAsync(new SaveMaintenanceWindowRequest(
                name.Length > 100 ? name[..100] : name, $"变更 {change.Number}", new MaintenanceScope(change.CiCodes, null, null, null, null), start, end, null, null, true, null),
                "service-desk", SourceOf(change.TicketId), ct);
        }
        catch (AppProblem problem)
        {
            log.LogWarning("Change {Number} opens no maintenance window: {Code} {Fields}", change.Number, problem.Code, string.Join(",", problem.FieldErrors?.Select(f => $"{f.Key}={f.Value}") ?? []));
        }
    }
}
