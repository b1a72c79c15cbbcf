namespace EcsRtma.Workflow.Links;

/// <summary>
/// The link paths, in one place: the URLs notifications carry and the routes both hosts serve them on
/// (the Functions app's routes are under its <c>api</c> prefix; the local host adds <see cref="Api"/>).
/// </summary>
public static class AckLinks
{
    /// <summary>The prefix every route is served under.</summary>
    public const string Api = "/api/";

    /// <summary>The acknowledge/resolve link: GET confirms, POST applies.</summary>
    public const string AckRoute = "ack/{alertId}";

    /// <summary>An SMS short link.</summary>
    public const string ShortLinkRoute = "s/{code}";

    /// <summary>The alert board page and its static files.</summary>
    public const string BoardRoute = "board/{asset?}";

    public static Uri Build(Uri baseUrl, string alertId, string token)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string root = baseUrl.ToString().TrimEnd('/');
        return new Uri($"{root}{Api}{AckRoute.Replace("{alertId}", Uri.EscapeDataString(alertId), StringComparison.Ordinal)}?token={Uri.EscapeDataString(token)}");
    }

    /// <summary>A short link for SMS: <c>{BaseUrl}/api/s/{code}</c> redirects to the signed link stored under the code.</summary>
    public static Uri ShortLink(Uri baseUrl, string code)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri($"{baseUrl.ToString().TrimEnd('/')}{Api}{ShortLinkRoute.Replace("{code}", Uri.EscapeDataString(code), StringComparison.Ordinal)}");
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
        return new Uri($"{baseUrl.ToString().TrimEnd('/')}{Api}{BoardRoute.Replace("/{asset?}", string.Empty, StringComparison.Ordinal)}#alert={Uri.EscapeDataString(alertId)}");
    }
}
