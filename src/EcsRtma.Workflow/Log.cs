using EcsRtma.Core.Findings;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow;

/// <summary>
/// Every log message of the workflow. Event ids 2100–2199 for the activities (source-generated),
/// 2300–2399 for the orchestration, called only through its replay-safe logger: plain
/// <see cref="LoggerMessage.Define{T1,T2,T3}(LogLevel, EventId, string)"/> delegates rather than
/// [LoggerMessage] source generation, because the Durable Task analyzers (1.28.0) crash (AD0001)
/// when an orchestration calls into generated code.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Alert {AlertId} tier {Tier} delivered via {Channel} ({Copies} copies)")]
    public static partial void Delivered(ILogger logger, string alertId, int tier, string channel, int copies);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Channel {Channel} is failing; deliveries over it are held and retried until it answers: {Error}")]
    public static partial void ChannelFailing(ILogger logger, string channel, string error);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Channel {Channel} answers again (failing since {Since:u})")]
    public static partial void ChannelAnswering(ILogger logger, string channel, DateTimeOffset since);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Could not record the health of channel {Channel}: {ErrorType}: {Error}")]
    public static partial void ChannelHealthFailed(ILogger logger, string channel, string errorType, string error);

    private static readonly Action<ILogger, string, string, Outcome, Exception?> NotAlertedDefine =
        LoggerMessage.Define<string, string, Outcome>(LogLevel.Information, new EventId(2300, "NotAlerted"), "Change {EventId} {EventName} not alerted: {Outcome}");

    private static readonly Action<ILogger, string, string, int, Exception?> AcknowledgedDefine =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(2301, "Acknowledged"), "Alert {AlertId} acknowledged by {By} at tier {Tier}");

    private static readonly Action<ILogger, string, int, Exception?> UnacknowledgedDefine =
        LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(2302, "Unacknowledged"), "Alert {AlertId} unacknowledged after tier {Tier}: escalation exhausted");

    private static readonly Action<ILogger, string, string, int, Exception?> JoinedDefine =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(2303, "Joined"), "Change {EventId} joined alert {AlertId} ({Count} changes)");

    private static readonly Action<ILogger, string, string, Exception?> ResolvedDefine =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(2304, "Resolved"), "Alert {AlertId} resolved by {By}");

    private static readonly Action<ILogger, string, string, string, Exception?> ProcessingFailedDefine =
        LoggerMessage.Define<string, string, string>(LogLevel.Error, new EventId(2305, "ProcessingFailed"), "Processing of change {EventId} ({InstanceId}) failed; alerting it as a processing failure: {Error}");

    public static void NotAlerted(ILogger logger, string eventId, string eventName, Outcome outcome) => NotAlertedDefine(logger, eventId, eventName, outcome, null);

    public static void Acknowledged(ILogger logger, string alertId, string by, int tier) => AcknowledgedDefine(logger, alertId, by, tier, null);

    public static void Unacknowledged(ILogger logger, string alertId, int tier) => UnacknowledgedDefine(logger, alertId, tier, null);

    public static void Joined(ILogger logger, string eventId, string alertId, int count) => JoinedDefine(logger, eventId, alertId, count, null);

    public static void ProcessingFailed(ILogger logger, string eventId, string instanceId, string error) => ProcessingFailedDefine(logger, eventId, instanceId, error, null);

    public static void Resolved(ILogger logger, string alertId, string by) => ResolvedDefine(logger, alertId, by, null);
}
