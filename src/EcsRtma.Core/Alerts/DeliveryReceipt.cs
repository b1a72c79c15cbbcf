namespace EcsRtma.Core.Alerts;

/// <summary>What a channel returns for a delivery: the vendor's reference to it (message ts, ticket id), when there is one.</summary>
public sealed record DeliveryReceipt(string? ExternalRef = null)
{
    public static DeliveryReceipt None { get; } = new();
}
