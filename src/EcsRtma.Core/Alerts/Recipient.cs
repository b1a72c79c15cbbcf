namespace EcsRtma.Core.Alerts;

/// <summary>Someone to notify: inline in the policy, or a member of an Entra ID group.</summary>
public sealed record Recipient(string Name, string? Email = null, string? Phone = null)
{
    /// <summary>An inline policy entry: an e-mail address, a phone number (+E.164) or a handle.</summary>
    public static Recipient Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string v = value.Trim();
        return v.Contains('@', StringComparison.Ordinal) ? new Recipient(v, Email: v)
            : v.StartsWith('+') && v.Length > 6 && v[1..].All(char.IsAsciiDigit) ? new Recipient(v, Phone: v)
            : new Recipient(v);
    }
}
