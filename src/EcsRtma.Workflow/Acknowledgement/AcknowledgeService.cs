using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow;

/// <summary>The answer to an acknowledgement request, host-neutral (HTTP status and a plain message).</summary>
public sealed record AckResponse(int StatusCode, string Message, string? AlertId = null);

/// <summary>
/// Handles an acknowledgement link: verifies the signed token (signature, alert binding, expiry),
/// spends its nonce (single use), refuses closed alerts without changing them, and raises the
/// orchestration's "Acknowledged" event. Every refusal is answered specifically and recorded.
/// </summary>
public sealed partial class AcknowledgeService(
    AckTokenService tokens,
    IAlertStore store,
    TimeProvider time,
    ILogger<AcknowledgeService> logger)
{
    /// <summary>Checks a link without spending it (the confirmation page shows this).</summary>
    public async Task<AckResponse> PreviewAsync(string alertId, string? token, CancellationToken cancellationToken = default)
    {
        AckTokenError error = tokens.Verify(token, alertId, out AckClaims? claims);
        if (error != AckTokenError.None)
        {
            return Refusal(error);
        }

        AlertRecord? alert = await store.GetAlertAsync(alertId, cancellationToken);
        if (alert is null)
        {
            return new AckResponse(404, "No such alert.");
        }

        return alert.Status == AlertStatus.Open
            ? new AckResponse(200, $"Acknowledge alert: {alert.Title}", alertId)
            : new AckResponse(409, $"This alert is already closed ({alert.Status}{(alert.AcknowledgedBy is null ? string.Empty : $" by {alert.AcknowledgedBy}")}); nothing to do.", alertId);
    }

    public async Task<AckResponse> AcknowledgeAsync(DurableTaskClient client, string alertId, string? token, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        AckTokenError error = tokens.Verify(token, alertId, out AckClaims? claims);
        if (error != AckTokenError.None)
        {
            LogRefused(logger, alertId, error);
            if (await store.GetAlertAsync(alertId, cancellationToken) is not null)
            {
                await store.AppendTimelineAsync(alertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.TokenRefused, $"acknowledgement refused: {Describe(error)}"), cancellationToken);
            }

            return Refusal(error);
        }

        AlertRecord? alert = await store.GetAlertAsync(alertId, cancellationToken);
        if (alert is null)
        {
            return new AckResponse(404, "No such alert.");
        }

        if (alert.Status != AlertStatus.Open)
        {
            return new AckResponse(409, $"This alert is already closed ({alert.Status}{(alert.AcknowledgedBy is null ? string.Empty : $" by {alert.AcknowledgedBy}")}); nothing was changed.", alertId);
        }

        if (!await store.TryConsumeTokenAsync(alertId, claims!.Nonce, cancellationToken))
        {
            LogReplayed(logger, alertId, claims.Recipient);
            await store.AppendTimelineAsync(alertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.TokenRefused, "acknowledgement refused: link already used", Actor: claims.Recipient), cancellationToken);
            return new AckResponse(409, "This acknowledgement link has already been used.", alertId);
        }

        string? trimmed = comment is null ? null : (comment.Length > 500 ? comment[..500] : comment);
        await client.RaiseEventAsync(alertId, EventNames.Acknowledged, new Acknowledgement(claims.Recipient, time.GetUtcNow(), trimmed), cancellationToken);
        return new AckResponse(202, $"Acknowledged. Escalation of '{alert.Title}' stops.", alertId);
    }

    private static AckResponse Refusal(AckTokenError error) => error switch
    {
        AckTokenError.Expired => new AckResponse(410, "This acknowledgement link has expired."),
        AckTokenError.WrongAlert => new AckResponse(403, "This acknowledgement link belongs to a different alert."),
        AckTokenError.BadSignature => new AckResponse(403, "This acknowledgement link is not valid (bad signature)."),
        _ => new AckResponse(400, "This acknowledgement link is malformed."),
    };

    private static string Describe(AckTokenError error) => error switch
    {
        AckTokenError.Expired => "token expired",
        AckTokenError.WrongAlert => "token issued for another alert",
        AckTokenError.BadSignature => "bad signature",
        _ => "malformed token",
    };

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Acknowledgement for alert {AlertId} refused: the link of {Recipient} was already used")]
    private static partial void LogReplayed(ILogger logger, string alertId, string recipient);

    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "Acknowledgement for alert {AlertId} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string alertId, AckTokenError error);
}
