using Microsoft.AspNetCore.DataProtection;

namespace HospitalOps.Kernel.Security;

/// <summary>Secrets at rest through ASP.NET Core Data Protection (keys in the data directory or a configured folder).</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("HospitalOps.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
