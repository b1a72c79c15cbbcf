using EcsRtma.Core.Findings;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>
/// Log messages of the orchestration, called only through its replay-safe logger.
/// Plain <see cref="LoggerMessage.Define{T1,T2,T3}(LogLevel, EventId, string)"/> delegates rather than
/// [LoggerMessage] source generation: the Durable Task analyzers (1.28.0) crash (AD0001) when an
/// orchestration calls into generated code.
/// </summary>
internal static class OrchestrationLog
{
    private static readonly Action<ILogger, string, string, Outcome, Exception?> NotAlerted =
        LoggerMessage.Define<string, string, Outcome>(LogLevel.Information, new EventId(2300, nameof(NotAlerted)), "Change {EventId} {EventName} not alerted: {Outcome}");

    private static readonly Action<ILogger, string, string, int, Exception?> Acknowledged =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(2301, nameof(Acknowledged)), "Alert {AlertId} acknowledged by {By} at tier {Tier}");

    private static readonly Action<ILogger, string, int, Exception?> Unacknowledged =
        LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(2302, nameof(Unacknowledged)), "Alert {AlertId} unacknowledged after tier {Tier}: escalation exhausted");

    private static readonly Action<ILogger, string, string, int, Exception?> Joined =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(2303, nameof(Joined)), "Change {EventId} joined alert {AlertId} ({Count} changes)");

    private static readonly Action<ILogger, string, string, Exception?> Resolved =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(2304, nameof(Resolved)), "Alert {AlertId} resolved by {By}");

    private static readonly Action<ILogger, string, string, string, Exception?> ProcessingFailed =
        LoggerMessage.Define<string, string, string>(LogLevel.Error, new EventId(2305, nameof(ProcessingFailed)), "Processing of change {EventId} ({InstanceId}) failed; alerting it as a processing failure: {Error}");

    public static void LogNotAlerted(ILogger logger, string eventId, string eventName, Outcome outcome) => NotAlerted(logger, eventId, eventName, outcome, null);

    public static void LogAcknowledged(ILogger logger, string alertId, string by, int tier) => Acknowledged(logger, alertId, by, tier, null);

    public static void LogUnacknowledged(ILogger logger, string alertId, int tier) => Unacknowledged(logger, alertId, tier, null);

    public static void LogJoined(ILogger logger, string eventId, string alertId, int count) => Joined(logger, eventId, alertId, count, null);

    public static void LogProcessingFailed(ILogger logger, string eventId, string instanceId, string error) => ProcessingFailed(logger, eventId, instanceId, error, null);

    public static void LogResolved(ILogger logger, string alertId, string by) => Resolved(logger, alertId, by, null);
}
