using System.Text.Json;
using EcsRtma.Http.Api;

namespace EcsRtma.Http;

/// <summary>One HTTP response, headers included: hosts copy it as it is, so both answer alike.</summary>
public sealed record HttpAnswer(int Status, string? ContentType, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Headers every answer carries.</summary>
    private static readonly KeyValuePair<string, string>[] Common =
    [
        new("Cache-Control", "no-store"),
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
    ];

    /// <summary>Pages we write (confirmation and result): no script at all, inline style only, forms post back here.</summary>
    private static readonly KeyValuePair<string, string> PagePolicy = new("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");

    public static HttpAnswer JsonOf(int status, object body) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.Serialize(body, body.GetType(), Json), Common);

    public static HttpAnswer Error(int status, string message) => JsonOf(status, new ApiError(message));

    public static HttpAnswer Html(int status, string html) => new(status, "text/html; charset=utf-8", html, [.. Common, PagePolicy]);

    public static HttpAnswer Redirect(Uri target) => new(302, null, string.Empty, [.. Common, new("Location", target.ToString())]);

    public static HttpAnswer Content(string contentType, string body, IReadOnlyDictionary<string, string> headers) =>
        new(200, contentType, body, [.. headers.Where(h => Common.All(c => c.Key != h.Key)), .. Common]);

    public static HttpAnswer NotFound() => Error(404, "not found");
}
