using EcsRtma.Core.Alerts;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Http;

/// <summary>
/// Every log message of the HTTP surface, source-generated. Event ids 2200–2299.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "Link for alert {AlertId} refused: {Error}")]
    public static partial void Refused(ILogger logger, string alertId, AckTokenError error);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Link for alert {AlertId} refused: the link of {Recipient} was already used")]
    public static partial void Replayed(ILogger logger, string alertId, string recipient);

    [LoggerMessage(EventId = 2220, Level = LogLevel.Warning, Message = "Could not raise the answer to alert {AlertId} ({ErrorType}); its link and claim were given back")]
    public static partial void RaiseFailed(ILogger logger, string alertId, string errorType);
}
