using EcsRtma.Core.Escalation;
using EcsRtma.Core.Ports;
using EcsRtma.Core.Text;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Ingestion;

/// <summary>
/// The drain's first notification of a new alert (ADR 0015): tier 1, round 1, over each of the
/// tier's channels at once, with the activity class the orchestration uses (delivery records, signed
/// links, the timeline entry), so the first notification never waits for the task hub. A channel
/// that fails, refuses or is slower than <see cref="DrainOptions.FirstTierTimeout"/> is left to the
/// orchestration, which delivers it with durable retries and fallbacks: nothing is lost.
/// </summary>
public sealed class FirstTierNotifier(
    DeliverNotification deliverer,
    IOptions<DrainOptions> drainOptions,
    TimeProvider time,
    EcsRtmaMetrics metrics,
    ILogger<FirstTierNotifier> logger)
{
    /// <returns>What was sent, for the orchestration's input; null when nothing is sent here (quiet hours, no tier).</returns>
    public async Task<FirstTierNotice?> NotifyAsync(ChangeInput input, string alertId, EscalationPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(plan);
        // Quiet hours were decided once, when the alert was opened (EscalationPlan.DeferUntil): trusted here, not re-checked on this clock.
        if (plan.Tiers.Count == 0 || plan.DeferUntil is not null)
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();

        EscalationTier tier = plan.Tiers[0];
        DateTimeOffset deadline = now + tier.AckTimeout;
        TimeSpan wait = drainOptions.Value.FirstTierTimeout;
        (bool Delivered, string? Refusal, TimeSpan? RetryAfter)[] results = await Task.WhenAll(tier.Channels.Select(async Task<(bool Delivered, string? Refusal, TimeSpan? RetryAfter)> (channel) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                return (await deliverer.ExecuteAsync(DeliverInput.ForTier(alertId, tier, channel, input.Verdict, input.Change.EventTime, deadline, round: 1), timeout.Token), null, null);
            }
            catch (PermanentDeliveryException ex)
            {
                // Refused for good (a 4xx, a misconfiguration): retrying cannot help, so the orchestration goes to the fallbacks.
                // The reason goes into durable history: bounded, as a vendor's answer can be anything.
                string reason = UntrustedText.Clean(ex.Message, Core.Limits.TextChars);
                Deferred(alertId, channel, ex.GetType().Name, reason);
                return (false, reason, null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Deferred(alertId, channel, ex.GetType().Name, ex is OperationCanceledException ? $"no answer within {wait.TotalSeconds:0.#} s" : ex.Message);
                return (false, null, (ex as TransientDeliveryException ?? ex.InnerException as TransientDeliveryException)?.RetryAfter);
            }
        }));

        if (results.All(r => r.Delivered))
        {
            metrics.FirstTierNotified.Add(1);
        }

        return new FirstTierNotice(deadline, [.. tier.Channels.Where((_, i) => results[i].Delivered)])
        {
            Refused = tier.Channels.Select((c, i) => (Channel: c, results[i].Refusal)).Where(r => r.Refusal is not null).ToDictionary(r => r.Channel, r => r.Refusal!, StringComparer.Ordinal),
            RetryAfter = tier.Channels.Select((c, i) => (Channel: c, results[i].RetryAfter)).Where(r => r.RetryAfter > TimeSpan.Zero)
                .ToDictionary(r => r.Channel, r => r.RetryAfter!.Value < Core.Limits.MaxRetryAfter ? r.RetryAfter.Value : Core.Limits.MaxRetryAfter, StringComparer.Ordinal),
        };
    }

    private void Deferred(string alertId, string channel, string errorType, string error)
    {
        Log.FirstTierDeferred(logger, alertId, channel, errorType, error);
        metrics.FirstTierDeferred.Add(1, new KeyValuePair<string, object?>("channel", channel));
    }
}
