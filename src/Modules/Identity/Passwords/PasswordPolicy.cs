using HospitalOps.Kernel.Errors;
using Microsoft.Extensions.Options;

namespace HospitalOps.Identity.Passwords;

/// <summary>The configured password rules (MLPS default, or ASVS: length only, no expiry).</summary>
internal sealed class PasswordPolicy(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private PasswordPolicyOptions Rules => options.Value.Password;

    /// <summary>Returns the error code and its arguments, or null when the password is acceptable.</summary>
    public AppProblem? Check(string password, string userName, string field = "newPassword")
    {
        var rules = Rules;
        var min = Math.Max(rules.IsAsvs ? 12 : 8, rules.MinLength);
        if (password.Length < min)
        {
            return new AppProblem(400, "validation_failed", new Dictionary<string, string> { ["min"] = min.ToString() }, new Dictionary<string, string> { [field] = "password_too_short" });
        }

        if (!rules.IsAsvs)
        {
            var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
                + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
            if (classes < rules.RequiredClasses)
            {
                return new AppProblem(400, "validation_failed", new Dictionary<string, string> { ["classes"] = rules.RequiredClasses.ToString() }, new Dictionary<string, string> { [field] = "password_too_simple" });
            }
        }

        if (userName.Length >= 3 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return AppProblem.Invalid(field, "password_contains_user_name");
        }

        return null;
    }

    public bool IsExpired(long passwordChangedAtMs)
    {
        var rules = Rules;
        if (rules.IsAsvs || rules.ExpiryDays <= 0)
        {
            return false;
        }

        return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(passwordChangedAtMs) > TimeSpan.FromDays(rules.ExpiryDays);
    }

    /// <summary>A random password that satisfies every policy: 20 characters from all four classes.</summary>
    public static string Generate()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "#%+-=@_";
        var all = lower + upper + digits + symbols;
        var chars = new char[20];
        chars[0] = lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[System.Security.Cryptography.RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)];
        }

        System.Security.Cryptography.RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
