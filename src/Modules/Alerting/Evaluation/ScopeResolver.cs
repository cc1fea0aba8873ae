using HospitalOps.Alerting.Rules;
using HospitalOps.Cmdb.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>The CIs in a rule's scope, as the CMDB has them now (by code, the <c>ci</c> label of their series).</summary>
internal sealed class ScopeResolver(IServiceScopeFactory scopes)
{
    public async Task<HashSet<string>> CisAsync(RuleScope scope, CancellationToken ct)
    {
        await using var services = scopes.CreateAsyncScope();
        var cmdb = services.ServiceProvider.GetRequiredService<ICmdbDirectory>();
        var cis = await cmdb.SelectAsync(new CiSelector(scope.Type, scope.BusinessId, scope.Attributes, null), ct);
        return cis.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
    }
}
