namespace EcsRtma.Http.Api;

/// <summary>
/// The alert board: a static page, stylesheet and script served by both hosts. It renders every
/// value with textContent, and the Content-Security-Policy allows only these same-origin files.
/// </summary>
public static class BoardAssets
{
    /// <summary>Headers for every board response: no inline script, no framing, no referrer, no caching.</summary>
    public static IReadOnlyDictionary<string, string> SecurityHeaders { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Content-Security-Policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-store",
    };

    /// <summary>"" (the page), "board.css" or "board.js"; null for anything else.</summary>
    public static (string Content, string ContentType)? Get(string? name)
    {
        (string resource, string type)? asset = (name ?? string.Empty) switch
        {
            "" or "board.html" => ("board.html", "text/html; charset=utf-8"),
            "board.css" => ("board.css", "text/css; charset=utf-8"),
            "board.js" => ("board.js", "text/javascript; charset=utf-8"),
            _ => null,
        };
        if (asset is not { } a)
        {
            return null;
        }

        using Stream stream = typeof(BoardAssets).Assembly.GetManifestResourceStream("EcsRtma.Board." + a.resource)
            ?? throw new InvalidOperationException($"board asset {a.resource} is not embedded");
        using var reader = new StreamReader(stream);
        return (reader.ReadToEnd(), a.type);
    }
}
