using Microsoft.AspNetCore.Identity;

namespace HospitalOps.Identity.Passwords;

/// <summary>ASP.NET Core's PBKDF2 hasher (V3 format: HMAC-SHA512, 100 000 iterations, random salt).</summary>
internal static class PasswordHashing
{
    private static readonly PasswordHasher<string> Hasher = new();

    // Verifying against this keeps the timing of "no such user" like that of "wrong password".
    private static readonly string DummyHash = Hasher.HashPassword(string.Empty, "not-a-password-" + Guid.NewGuid());

    public static string Hash(string password) => Hasher.HashPassword(string.Empty, password);

    public static bool Verify(string? hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(string.Empty, hash ?? DummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
