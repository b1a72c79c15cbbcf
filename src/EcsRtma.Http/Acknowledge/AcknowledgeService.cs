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

        // The link's nonce is spent in the step that applies the action (RaiseAsync), never before it is
        // known that the action can be applied: a link that was answered "nothing was changed" still works.
        return await RaiseAsync(client, alert!, claims.Action, new Acknowledgement(claims.Recipient, time.GetUtcNow(), Trim(comment), "link"), claims.Nonce, cancellationToken);
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
        return Check(alert, action) ?? await RaiseAsync(client, alert!, action, new Acknowledgement(Trim(by, 200) ?? "api", time.GetUtcNow(), Trim(comment), via), nonce: null, cancellationToken);
    }

    /// <summary>
    /// Applies the action: checks that the alert's workflow can take it, then spends the link's nonce (when
    /// it came through a link) and the per-alert claim of the action, then raises the event. Nothing is
    /// spent before the workflow is known to be there, and both are given back when raising fails, so an
    /// answer "nothing was changed" never burns the link (a link used in the moment between the drain's
    /// first notification and the orchestration's start is told to try again, and then works).
    /// </summary>
    private async Task<AckResponse> RaiseAsync(DurableTaskClient client, AlertRecord alert, string action, Acknowledgement answer, string? nonce, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(alert.AlertId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            // The drain opened the alert and sent its first notification; the orchestration is being started.
            return new AckResponse(503, "This alert's workflow is starting; nothing was changed yet and this link still works. Try again in a few seconds.", alert.AlertId, action);
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return new AckResponse(409, $"The workflow of this alert is not running ({instance.RuntimeStatus}); nothing was changed.", alert.AlertId, action);
        }

        if (nonce is not null && !await links.TryConsumeTokenAsync(alert.AlertId, nonce, cancellationToken))
        {
            Log.Replayed(logger, alert.AlertId, answer.By);
            await alerts.AppendTimelineAsync(alert.AlertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.TokenRefused, "link refused: already used", Actor: answer.By), cancellationToken);
            return new AckResponse(409, "This link has already been used.", alert.AlertId, action);
        }

        // One answer per action: two links (tier 1 and tier 2) posted together must not both be told
        // "Acknowledged" when only one is recorded. The first to claim the action wins; the other gets 409.
        string claim = "action-" + action;
        if (!await links.TryConsumeTokenAsync(alert.AlertId, claim, cancellationToken))
        {
            await ReleaseAsync(alert.AlertId, nonce);
            return new AckResponse(409, action == AckActions.Resolve ? "This alert was just resolved by someone else; nothing was changed." : "This alert was just acknowledged by someone else; nothing was changed.", alert.AlertId, action);
        }

        string eventName = action == AckActions.Resolve ? EventNames.Resolved : EventNames.Acknowledged;
        try
        {
            await client.RaiseEventAsync(alert.AlertId, eventName, answer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The action was not applied: the link and the claim are given back, and the user is told so.
            await ReleaseAsync(alert.AlertId, claim);
            await ReleaseAsync(alert.AlertId, nonce);
            Log.RaiseFailed(logger, alert.AlertId, ex.GetType().Name);
            return new AckResponse(503, "The alert's workflow could not be reached; nothing was changed and this link still works. Try again in a moment.", alert.AlertId, action);
        }

        return action == AckActions.Resolve
            ? new AckResponse(202, $"Resolved. '{alert.Title}' is closed.", alert.AlertId, action)
            : new AckResponse(202, $"Acknowledged. Escalation of '{alert.Title}' stops.", alert.AlertId, action);
    }

    private async Task ReleaseAsync(string alertId, string? nonce)
    {
        if (nonce is not null)
        {
            await links.ReleaseTokenAsync(alertId, nonce, CancellationToken.None);
        }
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
