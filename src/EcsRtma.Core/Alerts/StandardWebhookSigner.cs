using System.Security.Cryptography;
using System.Text;

namespace EcsRtma.Core.Alerts;

/// <summary>
/// Standard Webhooks (standardwebhooks.com) symmetric signatures:
/// <c>v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))</c> with a <c>whsec_</c>-prefixed base64 secret.
/// </summary>
public sealed class StandardWebhookSigner
{
    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key;

    public StandardWebhookSigner(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        string encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            _key = Convert.FromBase64String(encoded);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("webhook secret must be 'whsec_' followed by base64", nameof(secret), ex);
        }
    }

    public string Sign(string messageId, long timestamp, string body)
    {
        byte[] data = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, data));
    }

    /// <summary>Verifies a <c>webhook-signature</c> header (space-separated list) in constant time per candidate.</summary>
    public bool Verify(string messageId, long timestamp, string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        byte[] expected = Encoding.ASCII.GetBytes(Sign(messageId, timestamp, body));
        foreach (string candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
            {
                return true;
            }
        }

        return false;
    }
}
