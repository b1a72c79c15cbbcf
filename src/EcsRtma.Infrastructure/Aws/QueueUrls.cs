namespace EcsRtma.Infrastructure.Aws;

/// <summary>The URLs of a change queue and its dead-letter queue.</summary>
public sealed record QueueUrls(string QueueUrl, string DeadLetterQueueUrl);
