using System.Net;
using EcsRtma.Core.Ports;

namespace EcsRtma.Channels;

/// <summary>Turns an HTTP answer into success, a transient failure (retried) or a permanent one (not retried).</summary>
public static class DeliveryFailure
{
    public static void ThrowIfUnsuccessful(HttpResponseMessage response, string channel)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        int status = (int)response.StatusCode;
        bool transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500;
        if (!transient)
        {
            throw new PermanentDeliveryException(channel, status, $"rejected by the receiver ({response.ReasonPhrase})");
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (retryAfter < TimeSpan.Zero)
        {
            retryAfter = TimeSpan.Zero;
        }

        throw new TransientDeliveryException(channel, status,
            $"transient failure HTTP {status}{(retryAfter is null ? string.Empty : $", retry after {retryAfter.Value.TotalSeconds:0} s")}",
            retryAfter);
    }
}
