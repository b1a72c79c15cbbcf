namespace EcsRtma.Workflow.Activities;

/// <summary>Results recorded on a delivery.</summary>
public static class DeliveryResults
{
    public const string Delivered = "delivered";
}
