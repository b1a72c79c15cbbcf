using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>
/// The deliveries of one alert (ADR 0016): each tier's channels started as owned chains, each delivery
/// attempted until it is delivered, refused for good, or the alert is answered or closed, with its
/// fallbacks beside it; and what the timeline and the alert say about who has not been reached.
/// </summary>
public static partial class ChangeOrchestration
{
    private sealed partial class Run
    {
        /// <summary>A tier's channels this alert may use: an alert about a channel never goes through that channel.</summary>
        private List<string> Usable(EscalationTier tier)
        {
            List<string> channels = [.. tier.Channels.Where(c => !_avoid.Contains(c))];
            if (channels.Count > 0 || _avoid.Count == 0)
            {
                return channels;
            }

            List<string> fallback = [.. tier.Fallback.Where(c => !_avoid.Contains(c)).Take(1)];
            return fallback.Count > 0 ? fallback : [.. (input.OtherChannels ?? []).Where(c => !_avoid.Contains(c))];
        }

        /// <summary>Starts one tier's deliveries, one owned chain per channel, and does not wait for them.</summary>
        private void StartTier(EscalationTier tier, IReadOnlyList<string> channels, DateTimeOffset deadline, int round, FirstTierNotice? drain, bool exhaustionTier = false)
        {
            var delivery = new TierDelivery(tier.Number, exhaustionTier);
            if (drain is not null)
            {
                delivery.ReachedVia.AddRange(drain.Channels);
            }

            delivery.Done = Task.WhenAll(channels.Select(channel => OwnChainAsync(delivery, tier,
                DeliverInput.ForTier(_alertId, tier, channel, verdict, input.Change.EventTime, deadline, round),
                drain?.Refused.GetValueOrDefault(channel), drain?.RetryAfter.GetValueOrDefault(channel) ?? TimeSpan.Zero)));
            _deliveries.Add(delivery);
        }

        /// <summary>
        /// Delivers over one channel and, if it is refused for good or keeps failing for
        /// <see cref="DeliveryRetry.MaxAttempts"/> attempts, over the tier's fallback channels in order —
        /// each owned like the first; a channel that keeps failing is still retried meanwhile, and the
        /// chain stops as soon as any of its channels delivered.
        /// </summary>
        /// <param name="refused">The drain found the channel refusing for good, with the reason: not tried again.</param>
        /// <param name="retryAfter">The receiver asked the drain to wait this long before trying again (zero: no wait).</param>
        private Task OwnChainAsync(TierDelivery tier, EscalationTier spec, DeliverInput first, string? refused, TimeSpan retryAfter)
        {
            List<string> order = [first.Channel, .. spec.Fallback.Where(f => !string.Equals(f, first.Channel, StringComparison.OrdinalIgnoreCase) && !_avoid.Contains(f))];
            return LinkAsync(tier, new Chain(), first, order, 0, refused, retryAfter);
        }

        private async Task LinkAsync(TierDelivery tier, Chain chain, DeliverInput first, List<string> order, int index, string? refused, TimeSpan retryAfter = default)
        {
            DeliverInput delivery = first with { Channel = order[index] };
            Task? next = null;
            void StartNext(string why)
            {
                next ??= FallBackAsync(why);
            }

            async Task FallBackAsync(string why)
            {
                await TimelineAsync(TimelineKinds.Fallback, $"{delivery.Channel} {why}: falling back to {order[index + 1]}", delivery.Tier, order[index + 1]);
                await LinkAsync(tier, chain, first, order, index + 1, null);
            }

            bool hasNext = index + 1 < order.Count;
            Ending ending;
            if (refused is not null)
            {
                await RefusedAsync(tier, delivery, refused);
                ending = Ending.Refused;
            }
            else
            {
                ending = await OwnAsync(tier, chain, delivery, hasNext ? () => StartNext($"not delivered after {input.Retry.MaxAttempts} attempts") : null, retryAfter);
            }

            if (ending == Ending.Refused && hasNext && !chain.Delivered && !_stop.IsCancellationRequested)
            {
                StartNext("failed");
            }

            if (next is not null)
            {
                await next;
            }
        }

        /// <summary>
        /// Owns one delivery: attempts it until it is delivered, refused for good, or the alert is answered
        /// or closed (or another channel of its chain delivered). Between attempts it waits with capped,
        /// jittered exponential backoff, at least as long as the receiver's Retry-After; an open circuit is
        /// just another "not now". The first failure and a late success go on the timeline.
        /// </summary>
        /// <param name="firstWait">How long the receiver asked to wait before this delivery's first attempt here (the drain's 429).</param>
        private async Task<Ending> OwnAsync(TierDelivery tier, Chain chain, DeliverInput delivery, Action? onStruggling, TimeSpan firstWait = default)
        {
            if (firstWait > TimeSpan.Zero)
            {
                try
                {
                    await context.CreateTimer(context.CurrentUtcDateTime + firstWait, _stop.Token);
                }
                catch (TaskCanceledException)
                {
                    return Ending.Stopped;
                }
            }

            for (int failed = 0; failed < DeliveryRetry.MaxOwnedAttempts;)
            {
                if (_stop.IsCancellationRequested || chain.Delivered)
                {
                    if (chain.Delivered && tier.Pending.Remove(delivery.Channel))
                    {
                        // A fallback of this chain delivered: this channel is no longer anyone's way to reach the tier.
                        await TimelineAsync(TimelineKinds.Notified, $"tier {delivery.Tier}: {delivery.Channel} no longer retried, a fallback delivered", delivery.Tier, delivery.Channel, undelivered: DescribeUndelivered());
                    }

                    return Ending.Stopped;
                }

                DeliveryAttempt attempt;
                try
                {
                    attempt = await context.CallActivityAsync<DeliveryAttempt>(nameof(DeliverNotification), delivery);
                }
                catch (TaskFailedException ex)
                {
                    attempt = new DeliveryAttempt(false, ex.FailureDetails.ErrorMessage); // the activity itself failed (host, storage): not now
                }

                if (attempt.Delivered)
                {
                    chain.Delivered = true;
                    tier.ReachedVia.Add(delivery.Channel);
                    if (tier.Pending.Remove(delivery.Channel, out Pending? was))
                    {
                        TimeSpan late = context.CurrentUtcDateTime - was.Since;
                        await TimelineAsync(TimelineKinds.Notified, $"tier {delivery.Tier} reached via {delivery.Channel} after {failed} failed attempt(s), {late.TotalSeconds:0} s after the first", delivery.Tier, delivery.Channel, undelivered: DescribeUndelivered());
                    }

                    return Ending.Delivered;
                }

                string error = attempt.Error ?? "failed";
                if (attempt.Refused)
                {
                    tier.Pending.Remove(delivery.Channel);
                    await RefusedAsync(tier, delivery, error);
                    return Ending.Refused;
                }

                failed++;
                if (tier.Pending.TryGetValue(delivery.Channel, out Pending? pending))
                {
                    pending.Error = error;
                }
                else
                {
                    tier.Pending[delivery.Channel] = new Pending(context.CurrentUtcDateTime, error);
                    await TimelineAsync(TimelineKinds.Undelivered, $"tier {delivery.Tier} not delivered via {delivery.Channel} yet: {error}; retrying until it is delivered or the alert is answered", delivery.Tier, delivery.Channel, undelivered: DescribeUndelivered());
                }

                if (failed == input.Retry.MaxAttempts)
                {
                    onStruggling?.Invoke(); // the fallbacks start beside this channel; their task is awaited by the chain
                }

                TimeSpan delay = input.Retry.Delay(failed, Jitter(), attempt.RetryAfter, context.CurrentUtcDateTime - tier.Pending[delivery.Channel].Since);
                try
                {
                    await context.CreateTimer(context.CurrentUtcDateTime + delay, _stop.Token);
                }
                catch (TaskCanceledException)
                {
                    return Ending.Stopped;
                }
            }

            tier.Pending.Remove(delivery.Channel);
            await RefusedAsync(tier, delivery, $"given up after {DeliveryRetry.MaxOwnedAttempts} attempts");
            return Ending.Refused;
        }

        private async Task RefusedAsync(TierDelivery tier, DeliverInput delivery, string error)
        {
            tier.GivenUp[delivery.Channel] = error;
            await TimelineAsync(TimelineKinds.DeliveryFailed, $"delivery over {delivery.Channel} refused for good (not retried): {error}", delivery.Tier, delivery.Channel, undelivered: DescribeUndelivered());
        }

        /// <summary>A deterministic number in [0, 1) for backoff jitter (replays draw the same).</summary>
        private double Jitter() => BitConverter.ToUInt16(context.NewGuid().ToByteArray(), 0) / 65536.0;

        /// <summary>What has not reached anyone yet, in plain words; empty when nothing is pending.</summary>
        private string DescribeUndelivered() =>
            string.Join("; ", _deliveries.Where(d => d.Pending.Count > 0).Select(d => d.Reached
                ? $"tier {d.Tier} still not delivered via {string.Join(", ", d.Pending.Keys)} ({d.DescribePending()})"
                : $"tier {d.Tier} not reached yet ({d.DescribePending()})"));

        /// <summary>Which tiers were reached, and which given up on and why.</summary>
        private string DescribeReached() =>
            string.Join("; ", _deliveries.Where(d => !d.Exhaustion).Select(d => d.Reached
                ? $"tier {d.Tier} reached via {string.Join(", ", d.ReachedVia.Distinct(StringComparer.OrdinalIgnoreCase))}"
                : d.GivenUp.Count > 0 ? $"tier {d.Tier} given up ({string.Join("; ", d.GivenUp.Select(g => $"{g.Key}: {g.Value}"))})"
                : $"tier {d.Tier} not reached"));

        /// <summary>The highest tier a delivery actually reached.</summary>
        private int TierDelivered() => _deliveries.Where(d => d.Reached && !d.Exhaustion).Select(d => d.Tier).DefaultIfEmpty(0).Max();

        /// <summary>One channel's delivery and its fallbacks: done when any of them delivered.</summary>
        private sealed class Chain
        {
            public bool Delivered { get; set; }
        }

        private sealed class Pending(DateTime since, string error)
        {
            public DateTime Since { get; } = since;

            public string Error { get; set; } = error;
        }

        /// <summary>One tier's deliveries in one round: who was reached, who is pending since when, who refused.</summary>
        private sealed class TierDelivery(int tier, bool exhaustion)
        {
            public int Tier { get; } = tier;

            public bool Exhaustion { get; } = exhaustion;

            public List<string> ReachedVia { get; } = [];

            public Dictionary<string, Pending> Pending { get; } = new(StringComparer.OrdinalIgnoreCase);

            public Dictionary<string, string> GivenUp { get; } = new(StringComparer.OrdinalIgnoreCase);

            public Task Done { get; set; } = Task.CompletedTask;

            public bool Reached => ReachedVia.Count > 0;

            public string DescribePending() =>
                string.Join(", ", Pending.Select(p => $"{p.Key} unreachable since {p.Value.Since:HH:mm:ss}Z: {p.Value.Error}"));
        }
    }
}
