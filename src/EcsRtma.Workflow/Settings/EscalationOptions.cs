using EcsRtma.Core.Escalation;
using EcsRtma.Core.Policies;
using EcsRtma.Workflow.Contracts;

namespace EcsRtma.Workflow.Settings;

/// <summary>
/// Escalation configuration (section <c>Escalation</c>): either <see cref="PolicyFile"/> — the full
/// policy language (routes, tiers, recipients, groups, repeats, quiet hours, exhaustion; see
/// docs/ESCALATION.md) — or a single ladder in <see cref="Tiers"/>.
/// </summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>JSON or YAML escalation policy file. When set, the other settings here (but the delivery retry) are ignored.</summary>
    public string? PolicyFile { get; set; }

    public List<TierOptions> Tiers { get; set; } = [];

    /// <summary>Changes by the same principal on the same cluster within this window join one alert; 00:00:00 turns grouping off.</summary>
    public TimeSpan GroupingWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an acknowledged or unacknowledged alert waits to be resolved before it is closed as it stands.</summary>
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Failed attempts of a channel's delivery after which the tier's fallback channels are tried too (the channel keeps being retried).</summary>
    public int DeliveryAttempts { get; set; } = DeliveryRetry.Default.MaxAttempts;

    public TimeSpan DeliveryFirstRetryInterval { get; set; } = DeliveryRetry.Default.FirstInterval;

    /// <summary>The longest wait between two attempts of an undelivered notification: how late it goes out after its channel answers again.</summary>
    public TimeSpan DeliveryMaxRetryInterval { get; set; } = DeliveryRetry.Default.MaxInterval;

    public sealed class TierOptions
    {
        public List<string> Channels { get; set; } = [];

        public List<string> Recipients { get; set; } = [];

        public List<string> Groups { get; set; } = [];

        public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(15);
    }

    /// <summary>The policy set, validated against the configured channels; errors name the field.</summary>
    public EscalationPolicySet ToPolicySet(IReadOnlyCollection<string>? knownChannels = null)
    {
        if (!string.IsNullOrWhiteSpace(PolicyFile))
        {
            return EscalationPolicyLoader.LoadFile(PolicyFile, knownChannels);
        }

        if (Tiers.Count == 0)
        {
            var fallback = EscalationPolicySet.OfTiers([.. EscalationPolicySet.Default.Policies[0].Tiers]);
            fallback.GroupingWindow = GroupingWindow;
            fallback.AutoCloseAfter = AutoCloseAfter;
            return EscalationPolicyLoader.Validate(fallback, knownChannels);
        }

        var set = EscalationPolicySet.OfTiers([.. Tiers.Select(t => new EscalationTierSpec { Channels = t.Channels, Recipients = t.Recipients, Groups = t.Groups, AckTimeout = t.AckTimeout })]);
        set.GroupingWindow = GroupingWindow;
        set.AutoCloseAfter = AutoCloseAfter;
        try
        {
            return EscalationPolicyLoader.Validate(set, knownChannels);
        }
        catch (PolicyException ex)
        {
            // Name the configuration keys the user actually wrote.
            throw new PolicyException(ex.Message.Replace("escalation: policies[0].tiers[", "Escalation:Tiers:[", StringComparison.Ordinal), ex);
        }
    }

    public DeliveryRetry ToRetry() => new(DeliveryAttempts, DeliveryFirstRetryInterval) { MaxInterval = DeliveryMaxRetryInterval };
}
