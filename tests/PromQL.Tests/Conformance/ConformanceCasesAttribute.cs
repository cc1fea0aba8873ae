using Xunit.Abstractions;
using Xunit.Sdk;

namespace HospitalOps.PromQL.Tests.Conformance;

/// <summary>
/// One test case per evaluation command of the suite, named "file.test:line eval ..." so results can be counted per
/// file. A custom discoverer is needed because theory rows cannot carry their own display names in xunit 2.
/// </summary>
[XunitTestCaseDiscoverer("HospitalOps.PromQL.Tests.Conformance.ConformanceCaseDiscoverer", "PromQL.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceCasesAttribute : FactAttribute;

public sealed class ConformanceCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        foreach (var c in ConformanceSuite.Cases())
        {
            yield return new ConformanceTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                [c.DisplayName, c.File, c.Line]);
        }
    }
}

public sealed class ConformanceTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer only.", error: true)]
    public ConformanceTestCase()
    {
    }

    public ConformanceTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, object[] arguments)
        : base(sink, display, options, method, arguments)
    {
    }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = (string)TestMethodArguments[0];
    }
}
