using Dapper;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Demo;

/// <summary>The demo hospital's alert rules: the whole template library, applied with its defaults.</summary>
internal sealed class AlertingDemo(Databases databases, IServiceScopeFactory scopes) : IDemoData
{
    public int Order => 50;

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT template FROM alert_rules WHERE template IS NOT NULL", cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        await using var services = scopes.CreateAsyncScope();
        var save = services.ServiceProvider.GetRequiredService<SaveRule>();
        foreach (var template in RuleTemplates.All.Where(t => !applied.Contains(t.Id)))
        {
            await save.CreateAsync(RuleTemplates.Instantiate(template, new ApplyRuleTemplateRequest(null, null, null, null, null, null)), ct);
        }
    }
}
