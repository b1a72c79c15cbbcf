namespace EcsRtma.Workflow.Links;

/// <summary>Builds acknowledgement URLs.</summary>
public static class AckLinks
{
    public static Uri Build(Uri baseUrl, string alertId, string token)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string root = baseUrl.ToString().TrimEnd('/');
        return new Uri($"{root}/api/ack/{Uri.EscapeDataString(alertId)}?token={Uri.EscapeDataString(token)}");
    }

    /// <summary>A short link for SMS: <c>{BaseUrl}/api/s/{code}</c> redirects to the signed link stored under the code.</summary>
    public static Uri ShortLink(Uri baseUrl, string code)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri($"{baseUrl.ToString().TrimEnd('/')}/api/s/{Uri.EscapeDataString(code)}");
    }

    /// <summary>A new short-link code: 12 characters of base62 from a CSPRNG (≈ 71 bits), unguessable.</summary>
    public static string NewCode()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 12);
    }

    /// <summary>The alert on the board; opening it needs the API's own authorisation (function key or Entra ID).</summary>
    public static Uri Board(Uri baseUrl, string alertId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri($"{baseUrl.ToString().TrimEnd('/')}/api/board#alert={Uri.EscapeDataString(alertId)}");
    }
}
