using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Channels;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Activities;

/// <summary>
/// Sends one tier's notification over one channel — once for a channel post, or once per recipient
/// (inline and Entra ID group members) for per-recipient channels — each copy with its own signed
/// acknowledge and resolve links. Every attempt and its result is recorded as a delivery; copies
/// already delivered are skipped on a retry. <see cref="ExecuteAsync"/> throws when any copy failed (the
/// drain's first notification); as the orchestration's activity it answers what the attempt did instead
/// (<see cref="DeliveryAttempt"/>), because the orchestration owns the delivery until it succeeds
/// (ADR 0016). Every attempt also tells <see cref="ChannelHealth"/> whether the channel answered.
/// </summary>
public sealed class DeliverNotification(
    IEnumerable<IAlertChannel> channels,
    AckTokenService tokens,
    IAlertStore alerts,
    IDeliveryLog deliveries,
    ILinkStore links,
    IOptions<AckOptions> ackOptions,
    TimeProvider time,
    ILogger<DeliverNotification> logger,
    IRecipientDirectory? directory = null,
    ChannelHealth? health = null,
    ChannelGate? gate = null) : TaskActivity<DeliverInput, DeliveryAttempt>
{
    public override Task<DeliveryAttempt> RunAsync(TaskActivityContext context, DeliverInput input) => AttemptAsync(input);

    /// <summary>One attempt, answered rather than thrown: delivered, refused for good, or not now (with the receiver's Retry-After).</summary>
    public async Task<DeliveryAttempt> AttemptAsync(DeliverInput input, CancellationToken cancellationToken = default)
    {
        try
        {
            await ExecuteAsync(input, cancellationToken);
            return DeliveryAttempt.Success;
        }
        catch (PermanentDeliveryException ex)
        {
            return new DeliveryAttempt(false, Core.Text.UntrustedText.Clean(ex.Message, Core.Limits.TextChars), Refused: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Anything else (the vendor down, slow or throttling, an open circuit, storage failing) is "not now".
            TimeSpan? retryAfter = (ex as TransientDeliveryException ?? ex.InnerException as TransientDeliveryException)?.RetryAfter;
            return new DeliveryAttempt(false, Core.Text.UntrustedText.Clean(ex.Message, Core.Limits.TextChars), RetryAfter: retryAfter);
        }
    }

    public async Task<bool> ExecuteAsync(DeliverInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        IAlertChannel channel = channels.FirstOrDefault(c => string.Equals(c.Name, input.Channel, StringComparison.OrdinalIgnoreCase))
            ?? throw new PermanentDeliveryException(input.Channel, 0, $"channel '{input.Channel}' named in the escalation policy is not configured");

        IReadOnlyList<Recipient> recipients = await ResolveRecipientsAsync(input, cancellationToken);
        IReadOnlyList<(string Key, Recipient? Person)> copies = channel.PerRecipient
            ? [.. recipients.Select(r => (r.Email ?? r.Phone ?? r.Name, (Recipient?)r))]
            : [($"{channel.Name}:tier{input.Tier}", null)];

        // What an earlier attempt of this activity already delivered: one point read for a single copy, one partition query for many.
        IReadOnlyList<DeliveryRecord> earlier = copies.Count == 1
            ? await deliveries.GetDeliveryAsync(input.AlertId, input.Tier, input.Round, channel.Name, copies[0].Key, cancellationToken) is { } one ? [one] : []
            : await deliveries.GetDeliveriesAsync(input.AlertId, cancellationToken);

        var failures = new List<Exception>();
        int sent = 0;
        DeliveryRecord? pending = null; // a single copy's record is written with the alert update, in one transaction
        foreach ((string key, Recipient? person) in copies)
        {
            DeliveryRecord? previous = earlier.FirstOrDefault(d => d.Tier == input.Tier && d.Round == input.Round && d.Channel == channel.Name && d.Recipient == key);
            if (previous is { LastResult: DeliveryResults.Delivered })
            {
                continue;
            }

            int attempts = (previous?.Attempts ?? 0) + 1;
            DateTimeOffset firstAttempt = previous?.FirstAttemptAt ?? time.GetUtcNow();
            try
            {
                AlertNotification notification = Notification(input, key, person, recipients) with
                {
                    DeliveryKey = $"{input.AlertId}|{input.Tier}|{input.Round}|{channel.Name}|{key}",
                    FirstAttemptAt = firstAttempt,
                };
                if (channel.WantsShortLinks)
                {
                    string code = AckLinks.NewCode();
                    await links.SaveShortLinkAsync(code, notification.AcknowledgeUrl, time.GetUtcNow() + ackOptions.Value.TokenLifetime, cancellationToken); // lives as long as the token
                    notification = notification with { ShortAcknowledgeUrl = AckLinks.ShortLink(ackOptions.Value.BaseUrl, code) };
                }
                DeliveryReceipt receipt;
                using (gate is null ? null : await gate.EnterAsync(channel.Name, input.Verdict.Severity, input.EventTime, cancellationToken))
                {
                    try
                    {
                        receipt = await channel.SendAsync(notification, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not PermanentDeliveryException && ex is not OperationCanceledException && health is not null)
                    {
                        await health.FailedAsync(channel.Name, ex.Message, cancellationToken);
                        throw;
                    }
                }

                if (health is not null)
                {
                    await health.AnsweredAsync(channel.Name, cancellationToken);
                }

                var delivered = new DeliveryRecord(input.AlertId, input.Tier, channel.Name, key, attempts, DeliveryResults.Delivered, time.GetUtcNow(), receipt.ExternalRef) { Round = input.Round, FirstAttemptAt = firstAttempt };
                if (copies.Count == 1)
                {
                    pending = delivered;
                }
                else
                {
                    await deliveries.RecordDeliveryAsync(delivered, cancellationToken); // each copy at once: a retry must not send it again
                }

                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await deliveries.RecordDeliveryAsync(new DeliveryRecord(input.AlertId, input.Tier, channel.Name, key, attempts, $"failed: {Shorten(ex.Message)}", time.GetUtcNow()) { Round = input.Round, FirstAttemptAt = firstAttempt }, cancellationToken);
                failures.Add(ex);
            }
        }

        if (channel.PerRecipient && recipients.Count == 0)
        {
            throw new PermanentDeliveryException(channel.Name, 0, $"tier {input.Tier} has no recipients for per-recipient channel '{channel.Name}' (list recipients or groups in the policy)");
        }

        if (sent > 0)
        {
            Log.Delivered(logger, input.AlertId, input.Tier, channel.Name, sent);
            var notified = new TimelineEntry(time.GetUtcNow(), TimelineKinds.Notified,
                channel.PerRecipient ? $"tier {input.Tier} notified via {channel.Name} to {sent} recipient(s)" : $"tier {input.Tier} notified via {channel.Name}", input.Tier, channel.Name);
            await alerts.UpdateAlertAsync(input.AlertId, a => a with { TierReached = Math.Max(a.TierReached, input.Tier), NextDeadline = input.Deadline }, notified, pending, cancellationToken);
        }

        return failures.Count switch
        {
            0 => true,
            // A permanent failure for every copy is permanent; anything else is worth a retry (delivered copies are skipped).
            _ when failures.All(f => f is PermanentDeliveryException) => throw failures[0],
            1 => throw new DeliveryFailedException(channel.Name, failures[0].Message, failures[0]),
            _ => throw new DeliveryFailedException(channel.Name, $"{failures.Count} deliveries failed; first: {failures[0].Message}", failures[0]),
        };
    }

    private async Task<IReadOnlyList<Recipient>> ResolveRecipientsAsync(DeliverInput input, CancellationToken cancellationToken)
    {
        var recipients = input.Recipients.Select(Recipient.Parse).ToList();
        foreach (string group in input.Groups)
        {
            if (directory is null)
            {
                throw new PermanentDeliveryException(input.Channel, 0, $"the policy names Entra ID group {group} but no directory (Graph) is configured");
            }

            recipients.AddRange(await directory.GetGroupMembersAsync(group, cancellationToken));
        }

        return [.. recipients.DistinctBy(r => r.Email ?? r.Phone ?? r.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private AlertNotification Notification(DeliverInput input, string recipientKey, Recipient? person, IReadOnlyList<Recipient> recipients)
    {
        AckOptions options = ackOptions.Value;
        DateTimeOffset expires = time.GetUtcNow() + options.TokenLifetime;
        return new AlertNotification
        {
            AlertId = input.AlertId,
            Tier = input.Tier,
            Recipient = recipientKey,
            Verdict = input.Verdict,
            EventTime = input.EventTime,
            AcknowledgeUrl = AckLinks.Build(options.BaseUrl, input.AlertId, tokens.Issue(input.AlertId, recipientKey, AckActions.Acknowledge, expires)),
            ResolveUrl = AckLinks.Build(options.BaseUrl, input.AlertId, tokens.Issue(input.AlertId, recipientKey, AckActions.Resolve, expires)),
            BoardUrl = AckLinks.Board(options.BaseUrl, input.AlertId),
            AckDeadline = input.Deadline,
            Person = person,
            Recipients = recipients,
        };
    }

    private static string Shorten(string message) => message.Length <= Core.Limits.DeliveryResultChars ? message : message[..Core.Limits.DeliveryResultChars];
}
