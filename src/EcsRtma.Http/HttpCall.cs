namespace EcsRtma.Http;

/// <summary>One HTTP request as every endpoint sees it, whichever host received it.</summary>
public sealed record HttpCall(string Method, string PathAndQuery, Func<string, string?> Query, Func<string, string?> Header, long? ContentLength, Stream Body)
{
    public bool IsGet => string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase);
}
