using System.Text.RegularExpressions;

namespace EcsRtma.Core.Text;

/// <summary>
/// Recognises secrets passed as plain environment variables: by name (AWS_SECRET_ACCESS_KEY,
/// *_PASSWORD, *_TOKEN …) or by a credential-shaped value (AWS key ids, JWTs, private keys, URLs
/// with passwords, well-known token prefixes). Never returns or logs the value.
/// </summary>
public static partial class SecretDetector
{
    private static readonly HashSet<string> ExactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ECS_ENGINE_AUTH_DATA",
    };

    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "PASSWORD", "PASSWD", "PASS", "SECRET", "SECRETS", "TOKEN", "APIKEY", "PRIVATEKEY", "CREDENTIAL", "CREDENTIALS", "PASSPHRASE",
    };

    private static readonly (string, string)[] SecretPairs = [("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SECRET", "KEY"), ("AUTH", "TOKEN"), ("CLIENT", "SECRET")];

    /// <summary>Why the variable looks like a secret, or null.</summary>
    public static string? Classify(string name, string? value, IReadOnlyCollection<string> extraNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(extraNames);
        bool hasValue = !string.IsNullOrWhiteSpace(value);
        if (ExactNames.Contains(name) || extraNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return $"its name {name} is reserved for credentials";
        }

        if (hasValue && NameSuggestsSecret(name))
        {
            return $"its name {name} suggests a secret";
        }

        return hasValue ? ValueShape(value!) : null;
    }

    /// <summary>True when a value is shaped like a credential (AWS key id, JWT, private key, URL with a password, service token).</summary>
    public static bool LooksLikeCredential(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ValueShape(value) is not null;
    }

    /// <summary>True when a property or variable name suggests its value is a secret (PASSWORD, *_TOKEN, API_KEY …).</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ExactNames.Contains(name) || NameSuggestsSecret(name);
    }

    private static bool NameSuggestsSecret(string name)
    {
        // Cheap pre-check: every secret word contains one of these letters pairs.
        if (!ContainsAny(name, "PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PHRASE"))
        {
            return false;
        }

        string[] words = name.Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < words.Length; i++)
        {
            if (SecretWords.Contains(words[i]))
            {
                return true;
            }

            if (i + 1 < words.Length && SecretPairs.Any(p => words[i].Equals(p.Item1, StringComparison.OrdinalIgnoreCase) && words[i + 1].Equals(p.Item2, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? ValueShape(string value)
    {
        if (value.Length > 8192)
        {
            return null;
        }

        if (value.Length == 20 && AwsKeyId().IsMatch(value))
        {
            return "its value is shaped like an AWS access key id";
        }

        if (value.StartsWith("eyJ", StringComparison.Ordinal) && Jwt().IsMatch(value))
        {
            return "its value is shaped like a JSON Web Token";
        }

        if (value.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return "its value contains a private key";
        }

        if (value.Contains("://", StringComparison.Ordinal) && value.Contains('@', StringComparison.Ordinal) && UrlWithPassword().IsMatch(value))
        {
            return "its value is a URL with an embedded password";
        }

        if (value.Length >= 20 && KnownToken().IsMatch(value))
        {
            return "its value is shaped like a service token (Slack, GitHub, Stripe …)";
        }

        return null;
    }

    private static bool ContainsAny(string value, params ReadOnlySpan<string> parts)
    {
        foreach (string part in parts)
        {
            if (value.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^(AKIA|ASIA|AIPA|AIDA|AROA|ANPA|ANVA|AGPA)[A-Z0-9]{16}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex UrlWithPassword();

    [GeneratedRegex(@"^(xox[abpors]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|sk_live_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex KnownToken();
}
