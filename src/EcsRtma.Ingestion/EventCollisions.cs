using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Contracts;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Ingestion;

/// <summary>
/// A copy of a record is a duplicate; a different record under a known eventID is not (only a forger
/// can make one, CloudTrail's ids being unique). The drain asks here for every change it reads: the
/// content hash each eventID was first received with is kept (<see cref="IEventIndex"/>), and a
/// different record becomes a collision: recorded beside the first under its own key, alerted at least
/// High, and put in the rejection log with both hashes and the redacted preview.
/// </summary>
public sealed class EventCollisions(IEventIndex index, IRejectionLog rejections, TimeProvider time, ILogger<EventCollisions> logger)
{
    /// <summary>Null for a first sighting or a copy; for a collision, the change and verdict to record and alert instead.</summary>
    public async Task<ChangeInput?> CheckAsync(IChangeQueueClient queue, QueueMessage message, ChangeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Change.ContentHash is not { } hash || await FirstContentAsync(input.Change, hash, cancellationToken) is not { } first
            || string.Equals(first, hash, StringComparison.Ordinal))
        {
            return null;
        }

        // Its own key, so it never overwrites the first's rows or instance.
        CloudTrailEvent second = input.Change with { EventKey = $"{input.Change.EventKey}-{hash[..8]}" };
        Verdict verdict = SystemAlerts.Collision(second, input.Verdict, first) with { EventKey = second.EventKey };
        string alertId = InstanceIds.For(second);
        Log.Collision(logger, second.EventId, first, hash, alertId);
        string reason = $"collision: a different record under eventID {second.EventId} (first content {first}, this content {hash}); recorded as change {second.EventKey} and alerted as {alertId}";
        await rejections.RecordRejectedAsync(new RejectedMessage(message.MessageId, time.GetUtcNow(), reason, message.ReceiveCount, RequestRedactor.Preview(message.Body, Core.Limits.RejectedPreviewChars), queue.Name), cancellationToken);
        return input with { Change = second, Verdict = verdict };
    }

    /// <summary>
    /// The content hash the event id was first received with. Null when the index cannot be reached:
    /// the change then goes on as any other, so a storage fault costs the collision check for that
    /// message, never the change.
    /// </summary>
    private async Task<string?> FirstContentAsync(CloudTrailEvent change, string hash, CancellationToken cancellationToken)
    {
        try
        {
            return await index.ClaimEventAsync(change.EventKey, hash, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CollisionCheckFailed(logger, change.EventId, ex.GetType().Name, ex.Message);
            return null;
        }
    }
}
