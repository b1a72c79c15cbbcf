namespace EcsRtma.Workflow.Activities;

/// <summary>A delivery that failed in a way a retry may fix.</summary>
public sealed class DeliveryFailedException(string channel, string message, Exception? inner = null)
    : Exception($"{channel}: {message}", inner);
