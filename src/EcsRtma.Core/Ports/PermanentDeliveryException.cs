namespace EcsRtma.Core.Ports;

/// <summary>Thrown by a channel for a failure that retrying cannot fix (4xx other than 408/429).</summary>
public sealed class PermanentDeliveryException(string channel, int statusCode, string message)
    : Exception($"{channel}: {message} (HTTP {statusCode})")
{
    public string Channel { get; } = channel;

    public int StatusCode { get; } = statusCode;
}
