namespace EcsRtma.Core.Ports;

/// <summary>One message received from the change queue.</summary>
public sealed record QueueMessage(string MessageId, string ReceiptHandle, string Body, int ReceiveCount);
