namespace HospitalOps.Kernel.Security;

/// <summary>
/// The one way to keep a secret at rest (a monitored database's password, a webhook key,
/// a TOTP seed). The stored form is opaque; only this service turns it back.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedValue);
}
