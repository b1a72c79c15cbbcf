using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Activities;

/// <summary>
/// Sends one tier's notification over one channel, with a signed acknowledgement link, and
/// records it on the timeline. Throws on failure so the orchestration's retry policy applies.
/// </summary>
public sealed partial class DeliverNotification(
    IEnumerable<IAlertChannel> channels,
    AckTokenService tokens,
    IAlertStore store,
    IOptions<AckOptions> ackOptions,
    TimeProvider time,
    ILogger<DeliverNotification> logger) : TaskActivity<DeliverInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, DeliverInput input) => ExecuteAsync(input);

    public async Task<bool> ExecuteAsync(DeliverInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        IAlertChannel channel = channels.FirstOrDefault(c => string.Equals(c.Name, input.Channel, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"channel '{input.Channel}' named in the escalation plan is not configured");

        AckOptions options = ackOptions.Value;
        string recipient = $"{channel.Name}:tier{input.Tier}";
        DateTimeOffset now = time.GetUtcNow();
        string token = tokens.Issue(input.AlertId, recipient, "ack", now + options.TokenLifetime);
        var notification = new AlertNotification
        {
            AlertId = input.AlertId,
            Tier = input.Tier,
            Recipient = recipient,
            Verdict = input.Verdict,
            EventTime = input.EventTime,
            AcknowledgeUrl = AckLinks.Build(options.BaseUrl, input.AlertId, token),
            AckDeadline = input.Deadline,
        };

        await channel.SendAsync(notification, cancellationToken);
        LogDelivered(logger, input.AlertId, input.Tier, channel.Name);
        await store.AppendTimelineAsync(input.AlertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.Notified,
            $"tier {input.Tier} notified via {channel.Name}", input.Tier, channel.Name), cancellationToken);
        await store.UpdateAlertAsync(input.AlertId, a => a with { TierReached = Math.Max(a.TierReached, input.Tier) }, cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Alert {AlertId} tier {Tier} delivered via {Channel}")]
    private static partial void LogDelivered(ILogger logger, string alertId, int tier, string channel);
}
