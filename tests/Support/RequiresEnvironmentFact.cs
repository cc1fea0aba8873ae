using Xunit;

namespace HospitalOps.Tests.Support;

/// <summary>
/// A test that needs a real peer the ./test script starts (slapd, …). Outside that script it is
/// reported as skipped, never as passed; ./test fails the run if anything was skipped.
/// </summary>
public sealed class RequiresEnvironmentFactAttribute : FactAttribute
{
    public RequiresEnvironmentFactAttribute(string variable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"{variable} is not set: run the suite with ./test, which starts the peer.";
        }
    }
}
