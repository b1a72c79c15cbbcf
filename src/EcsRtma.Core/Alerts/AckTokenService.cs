using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcsRtma.Core.Alerts;

/// <summary>
/// Signs and verifies acknowledgement-link tokens: HMAC-SHA256 over
/// <c>v1|alertId|recipient|action|expiresUnix|nonce</c>, base64url-encoded.
/// A token is bound to one alert, one recipient and one action, expires, and carries a nonce
/// the store spends on first use. Verification accepts the current key and, during a
/// rotation, the previous one.
/// </summary>
public sealed class AckTokenService
{
    private const string Version = "v1";
    private readonly byte[] _key;
    private readonly byte[]? _previousKey;
    private readonly TimeProvider _time;

    public AckTokenService(byte[] key, TimeProvider time, byte[]? previousKey = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        if (key.Length < 32)
        {
            throw new ArgumentException("the acknowledgement signing key must be at least 32 bytes (256 bits)", nameof(key));
        }

        _key = key;
        _previousKey = previousKey;
        _time = time;
    }

    /// <summary>Builds the service from base64 key text as found in configuration (e.g. a Key Vault reference).</summary>
    public static AckTokenService FromBase64(string? key, TimeProvider time, string? previousKey = null)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException("Ack:SigningKey is not configured: set it to base64 of at least 32 random bytes (a Key Vault reference in Azure)");
        }

        return new AckTokenService(DecodeKey(key, "Ack:SigningKey"), time, string.IsNullOrWhiteSpace(previousKey) ? null : DecodeKey(previousKey, "Ack:PreviousSigningKey"));
    }

    public string Issue(string alertId, string recipient, string action, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        ArgumentException.ThrowIfNullOrEmpty(action);
        string nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        string payload = string.Join('|', Version, alertId, Escape(recipient), action, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        byte[] payloadBytes = Encoding.UTF8.GetBytes(payload);
        byte[] signature = HMACSHA256.HashData(_key, payloadBytes);
        return $"{Base64Url.EncodeToString(payloadBytes)}.{Base64Url.EncodeToString(signature)}";
    }

    public AckTokenError Verify(string? token, string expectedAlertId, out AckClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return AckTokenError.Malformed;
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return AckTokenError.Malformed;
        }

        byte[] payloadBytes, signature;
        try
        {
            payloadBytes = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return AckTokenError.Malformed;
        }

        if (!SignatureMatches(_key, payloadBytes, signature) && (_previousKey is null || !SignatureMatches(_previousKey, payloadBytes, signature)))
        {
            return AckTokenError.BadSignature;
        }

        string[] parts = Encoding.UTF8.GetString(payloadBytes).Split('|');
        if (parts.Length != 6 || parts[0] != Version || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
        {
            return AckTokenError.Malformed;
        }

        var parsed = new AckClaims(parts[1], Unescape(parts[2]), parts[3], DateTimeOffset.FromUnixTimeSeconds(expires), parts[5]);
        if (!string.Equals(parsed.AlertId, expectedAlertId, StringComparison.Ordinal))
        {
            return AckTokenError.WrongAlert;
        }

        if (_time.GetUtcNow() >= parsed.ExpiresAt)
        {
            return AckTokenError.Expired;
        }

        claims = parsed;
        return AckTokenError.None;
    }

    private static bool SignatureMatches(byte[] key, byte[] payload, byte[] signature) =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature);

    private static byte[] DecodeKey(string text, string setting)
    {
        try
        {
            byte[] key = Convert.FromBase64String(text.Trim());
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{setting} decodes to {key.Length} bytes; use at least 32 random bytes");
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{setting} is not valid base64", ex);
        }
    }

    // Recipients are addresses or handles; '|' is the only character with meaning in the payload.
    private static string Escape(string value) => value.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);

    private static string Unescape(string value) => value.Replace("%7C", "|", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
}
