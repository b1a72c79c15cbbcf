using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Links;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Http.Acknowledge;

/// <summary>
/// Acknowledges or resolves alerts — through a signed link (the token is its own authorisation:
/// signature, alert binding, expiry, single use) or through the API (its caller is already
/// authorised). Closed alerts are refused without a change; refusals are answered specifically
/// and recorded on the alert's timeline.
/// </summary>
public sealed class AcknowledgeService(
    AckTokenService tokens,
    IAlertStore alerts,
    ILinkStore links,
    TimeProvider time,
    ILogger<AcknowledgeService> logger,
    RefusalLimiter? limiter = null)
{
    private readonly RefusalLimiter _limiter = limiter ?? new RefusalLimiter(time);

    /// <summary>Checks a link without spending it (the confirmation page shows this).</summary>
    public async Task<AckResponse> PreviewAsync(string alertId, string? token, CancellationToken cancellationToken = default)
    {
        if (!AlertIds.IsWellFormed(alertId))
        {
            return new AckResponse(404, "No such alert.");
        }

        AckTokenError error = tokens.Verify(token, alertId, out AckClaims? claims);
        if (error != AckTokenError.None)
        {
            return Refusal(error);
        }

        AlertRecord? alert = await alerts.GetAlertAsync(alertId, cancellationToken);
        return Check(alert, claims!.Action) ?? new AckResponse(200, $"{Verb(claims.Action)} alert: {alert!.Title}", alertId, claims.Action);
    }

    /// <summary>Spends a signed link: acknowledges or resolves, as the link says.</summary>
    public async Task<AckResponse> AcknowledgeAsync(DurableTaskClient client, string alertId, string? token, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!AlertIds.IsWellFormed(alertId))
        {
            return new AckResponse(404, "No such alert.");
        }

        AckTokenError error = tokens.Verify(token, alertId, out AckClaims? claims);
        if (error != AckTokenError.None)
        {
            RefusalVerdict handling = _limiter.Count(alertId);
            if (handling == RefusalVerdict.TooMany)
            {
                return new AckResponse(429, "Too many refused attempts on this alert; try again in a minute.");
            }

            Log.Refused(logger, Core.Text.UntrustedText.Clean(alertId, 100), error);
            if (handling == RefusalVerdict.Record && AlertIds.IsWellFormed(alertId) && await alerts.GetAlertAsync(alertId, cancellationToken) is not null)
            {
                await alerts.AppendTimelineAsync(alertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.TokenRefused, $"link refused: {Describe(error)}"), cancellationToken);
            }

            return Refusal(error);
        }

        AlertRecord? alert = await alerts.GetAlertAsync(alertId, cancellationToken);
        if (Check(alert, claims!.Action) is { } refused)
        {
            return refused;
        }

        if (!await links.TryConsumeTokenAsync(alertId, claims.Nonce, cancellationToken))
        {
            Log.Replayed(logger, alertId, claims.Recipient);
            await alerts.AppendTimelineAsync(alertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.TokenRefused, "link refused: already used", Actor: claims.Recipient), cancellationToken);
            return new AckResponse(409, "This link has already been used.", alertId, claims.Action);
        }

        return await RaiseAsync(client, alert!, claims.Action, new Acknowledgement(claims.Recipient, time.GetUtcNow(), Trim(comment), "link"), cancellationToken);
    }

    /// <summary>Acknowledges or resolves for an already-authorised API caller (function key or Entra ID).</summary>
    public async Task<AckResponse> ApplyAsync(DurableTaskClient client, string alertId, string action, string by, string? comment, string via, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!AckActions.IsKnown(action))
        {
            return new AckResponse(400, $"Unknown action '{action}' (use acknowledge or resolve).", alertId, action);
        }

        if (!AlertIds.IsWellFormed(alertId))
        {
            return new AckResponse(404, "No such alert.", null, action);
        }

        AlertRecord? alert = await alerts.GetAlertAsync(alertId, cancellationToken);
        return Check(alert, action) ?? await RaiseAsync(client, alert!, action, new Acknowledgement(Trim(by, 200) ?? "api", time.GetUtcNow(), Trim(comment), via), cancellationToken);
    }

    private async Task<AckResponse> RaiseAsync(DurableTaskClient client, AlertRecord alert, string action, Acknowledgement answer, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(alert.AlertId, getInputsAndOutputs: false, cancellationToken);
        if (instance is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return new AckResponse(409, $"The workflow of this alert is not running ({instance?.RuntimeStatus.ToString() ?? "unknown"}); nothing was changed.", alert.AlertId, action);
        }

        // One answer per action: two links (tier 1 and tier 2) posted together must not both be told
        // "Acknowledged" when only one is recorded. The first to claim the action wins; the other gets 409.
        if (!await links.TryConsumeTokenAsync(alert.AlertId, "action-" + action, cancellationToken))
        {
            return new AckResponse(409, action == AckActions.Resolve ? "This alert was just resolved by someone else; nothing was changed." : "This alert was just acknowledged by someone else; nothing was changed.", alert.AlertId, action);
        }

        string eventName = action == AckActions.Resolve ? EventNames.Resolved : EventNames.Acknowledged;
        await client.RaiseEventAsync(alert.AlertId, eventName, answer, cancellationToken);
        return action == AckActions.Resolve
            ? new AckResponse(202, $"Resolved. '{alert.Title}' is closed.", alert.AlertId, action)
            : new AckResponse(202, $"Acknowledged. Escalation of '{alert.Title}' stops.", alert.AlertId, action);
    }

    /// <summary>Null when the action may proceed; otherwise the specific refusal (nothing is changed).</summary>
    private static AckResponse? Check(AlertRecord? alert, string action)
    {
        if (alert is null)
        {
            return new AckResponse(404, "No such alert.", null, action);
        }

        if (alert.IsClosed || alert.Status == AlertStatus.Resolved)
        {
            return new AckResponse(409, $"This alert is already closed ({alert.Status}{By(alert.ResolvedBy ?? alert.AcknowledgedBy)}); nothing was changed.", alert.AlertId, action);
        }

        return action == AckActions.Acknowledge && alert.Status == AlertStatus.Acknowledged
            ? new AckResponse(409, $"This alert is already acknowledged{By(alert.AcknowledgedBy)}; nothing was changed.", alert.AlertId, action)
            : null;
    }

    private static string By(string? who) => who is null ? string.Empty : $" by {who}";

    private static string Verb(string action) => action == AckActions.Resolve ? "Resolve" : "Acknowledge";

    private static string? Trim(string? text, int max = Core.Limits.CommentChars) => text is null ? null : Core.Text.UntrustedText.Clean(text, max);

    private static AckResponse Refusal(AckTokenError error) => error switch
    {
        AckTokenError.Expired => new AckResponse(410, "This link has expired."),
        AckTokenError.WrongAlert => new AckResponse(403, "This link belongs to a different alert."),
        AckTokenError.BadSignature => new AckResponse(403, "This link is not valid (bad signature)."),
        _ => new AckResponse(400, "This link is malformed."),
    };

    private static string Describe(AckTokenError error) => error switch
    {
        AckTokenError.Expired => "token expired",
        AckTokenError.WrongAlert => "token issued for another alert",
        AckTokenError.BadSignature => "bad signature",
        _ => "malformed token",
    };
}
