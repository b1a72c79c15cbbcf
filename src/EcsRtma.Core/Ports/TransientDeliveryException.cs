using System.Net;

namespace EcsRtma.Core.Ports;

/// <summary>
/// A delivery the receiver could not take now (5xx, 408, 429): a later attempt may succeed. Carries the
/// receiver's <c>Retry-After</c>, when it sent one, so the owner of the delivery waits at least that long.
/// </summary>
public sealed class TransientDeliveryException(string channel, int statusCode, string message, TimeSpan? retryAfter = null)
    : HttpRequestException($"{channel}: {message}", inner: null, (HttpStatusCode)statusCode)
{
    public string Channel { get; } = channel;

    /// <summary>How long the receiver asked us to wait, or null.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
