using Microsoft.Extensions.Logging;

namespace EcsRtma.Ingestion;

/// <summary>
/// Every log message of the drain and the reconciler, source-generated. Event ids 2000–2099.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Drain of {Queue}: received {Received}, started {Started}, recorded {Recorded}, duplicates {Duplicates}, rejected {Rejected}, deleted {Deleted}, failed {Failed}, SQS calls {SqsCalls}, {DurationMs} ms")]
    public static partial void Run(ILogger logger, string queue, int received, int started, int recorded, int duplicates, int rejected, int deleted, int failed, int sqsCalls, double durationMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Started {InstanceId} for CloudTrail event {EventId} ({EventName}), SQS message {MessageId}")]
    public static partial void Started(ILogger logger, string eventId, string eventName, string instanceId, string messageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Duplicate delivery of CloudTrail event {EventId}: {InstanceId} already exists; SQS message {MessageId} deleted")]
    public static partial void Duplicate(ILogger logger, string eventId, string instanceId, string messageId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Rejected SQS message {MessageId} (receive {ReceiveCount}): {Reason}; left for the dead-letter queue")]
    public static partial void Rejected(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Could not handle SQS message {MessageId} (receive {ReceiveCount}); it stays on the queue")]
    public static partial void HandleFailed(ILogger logger, Exception exception, string messageId, int receiveCount);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Count} messages could not be deleted from {Queue}; they will be seen again as duplicates")]
    public static partial void DeleteFailed(ILogger logger, int count, string queue);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Extended the visibility of {Count} messages by {Seconds} s while they are handled")]
    public static partial void VisibilityExtended(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Could not extend message visibility; a slow message may be delivered twice (and deduplicated)")]
    public static partial void VisibilityFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "CloudTrail event {EventId} was delivered again and its instance {InstanceId} is {Status}: starting it again (a failure is never a duplicate)")]
    public static partial void Redrive(ILogger logger, string eventId, string instanceId, string status);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Receive from {Queue} failed ({ErrorType}: {Error}); retrying until the run's deadline")]
    public static partial void ReceiveFailed(ILogger logger, string queue, string errorType, string error);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Deleting {Count} handled messages from {Queue} failed ({Error}); they will reappear and be recognised as duplicates")]
    public static partial void DeleteError(ILogger logger, int count, string queue, string error);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Re-drove failed change instance {InstanceId} (run {Attempt}); it had failed with: {Error}")]
    public static partial void Reconciled(ILogger logger, string instanceId, int attempt, string error);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Could not look for failed change instances ({ErrorType}: {Error}); the next run looks again")]
    public static partial void ReconcileFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Critical, Message = "Change instance {InstanceId} failed {Attempt} times and is no longer re-driven: {Reason}")]
    public static partial void GaveUp(ILogger logger, string instanceId, int attempt, string reason);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Could not record CloudTrail event {EventId} in the drain ({ErrorType}: {Error}); its orchestration {InstanceId} records it, with retries")]
    public static partial void RecordDeferred(ILogger logger, string eventId, string instanceId, string errorType, string error);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "CloudTrail event {EventId} joined the open alert {AlertId} ({ChangeCount} changes); SQS message {MessageId}")]
    public static partial void Joined(ILogger logger, string eventId, string alertId, int changeCount, string messageId);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Alert {AlertId}: the drain could not notify tier 1 via {Channel} ({ErrorType}: {Error}); its orchestration delivers it, with retries and fallbacks")]
    public static partial void FirstTierDeferred(ILogger logger, string alertId, string channel, string errorType, string error);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Error, Message = "Channel {Channel} has failed every attempt since {Since:u}: raised alert {AlertId} over the other channels")]
    public static partial void OutageRaised(ILogger logger, string channel, DateTimeOffset since, string alertId);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Information, Message = "Channel {Channel} answers again: resolved its outage alert {AlertId}")]
    public static partial void OutageClosed(ILogger logger, string channel, string alertId);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Could not check the channels' health ({ErrorType}: {Error}); the next run looks again")]
    public static partial void OutageCheckFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Critical, Message = "Two different records share CloudTrail eventID {EventId}: content {FirstHash} was recorded first, {SecondHash} now; recorded as a collision and alerted as {AlertId}")]
    public static partial void Collision(ILogger logger, string eventId, string firstHash, string secondHash, string alertId);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Could not check CloudTrail event {EventId} for a collision ({ErrorType}: {Error}); it goes on as any other change")]
    public static partial void CollisionCheckFailed(ILogger logger, string eventId, string errorType, string error);
}
