namespace HospitalOps.PromQL.Tests.Conformance;

public sealed class ConformanceTests
{
#pragma warning disable xUnit1001 // The arguments come from ConformanceCaseDiscoverer, not from theory data.
    [ConformanceCases]
    public void Eval(string name, string file, int line)
#pragma warning restore xUnit1001
    {
        if (file == ConformanceSuite.MissingSuiteFile)
        {
            Assert.Fail($"PromQL conformance suite not found; looked in: {string.Join(", ", SuiteLocator.Candidates())} (set {SuiteLocator.EnvironmentVariable})");
        }

        var outcome = ConformanceSuite.Outcome(file, line);
        Assert.True(outcome == null, $"{name}: {outcome}");
    }
}
