namespace EcsRtma.Core.Ports;

/// <summary>The queue EventBridge feeds with ECS CloudTrail events (Amazon SQS in production).</summary>
public interface IChangeQueueClient
{
    /// <summary>A short name for logs and rejected-message records (e.g. the queue name).</summary>
    string Name { get; }

    /// <summary>Long-polls for up to <paramref name="maxMessages"/> messages, waiting at most <paramref name="wait"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Keeps messages hidden from other receivers for <paramref name="visibility"/> more, while a slow batch is handled.</summary>
    Task ExtendVisibilityAsync(IReadOnlyList<QueueMessage> messages, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Deletes messages that are durably handled. Returns the ids that failed to delete.</summary>
    Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken);
}
