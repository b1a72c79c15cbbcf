namespace EcsRtma.Core.Alerts;

/// <summary>An SQS message that could not be turned into a change, kept for the DLQ investigation.</summary>
public sealed record RejectedMessage(string MessageId, DateTimeOffset ReceivedAt, string Reason, int ReceiveCount, string BodyPreview, string Source);
