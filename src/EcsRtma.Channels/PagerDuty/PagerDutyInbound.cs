namespace EcsRtma.Channels.PagerDuty;

/// <summary>The host-neutral handling of an inbound PagerDuty v3 webhook request.</summary>
public static class PagerDutyInbound
{
    /// <summary>
    /// 401 for a missing or wrong signature (PagerDuty stops after repeated failures and the operator
    /// sees it); otherwise 200, also when we refuse the change (already acknowledged, closed), so
    /// PagerDuty does not retry for 48 h. <paramref name="apply"/> acknowledges or resolves here.
    /// </summary>
    /// <summary>How far from now an event's <c>occurred_at</c> may be; a signed body replayed later is refused.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static async Task<(int Status, string Message)> HandleAsync(string body, string? signature, string? secrets, DateTimeOffset now,
        Func<PagerDutyAnswer, Task<bool>> firstTime, Func<PagerDutyAnswer, Task<int>> apply)
    {
        ArgumentNullException.ThrowIfNull(firstTime);
        ArgumentNullException.ThrowIfNull(apply);
        if (!PagerDutyWebhook.Verify(secrets, body, signature))
        {
            return (401, "missing or invalid X-PagerDuty-Signature");
        }

        if (PagerDutyWebhook.Read(body) is not { } answer)
        {
            return (200, "ignored: not an acknowledgement or resolution of an EcsRtma incident");
        }

        // A valid signature says who wrote the body, not when it was sent: refuse old and repeated events.
        if (answer.OccurredAt is not { } at || (now - at).Duration() > Tolerance || string.IsNullOrEmpty(answer.EventId))
        {
            return (400, "refused: the event has no id or occurred_at, or occurred more than 5 minutes from now (a replay?)");
        }

        if (!await firstTime(answer))
        {
            return (200, "ignored: this event was already handled");
        }

        int status = await apply(answer);
        return (200, $"{answer.Action} {answer.AlertId}: {status}");
    }
}
