using System.Text.Json.Serialization;
using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Escalation;

/// <summary>
/// Who is told about an alert, over what, in which order, and when. Loaded from a JSON/YAML file
/// or the <c>Escalation</c> configuration section (docs/ESCALATION.md); validated at load.
/// A snapshot travels in each orchestration's input, so a replay never re-reads configuration.
/// </summary>
public sealed class EscalationPolicySet
{
    /// <summary>Changes by the same principal on the same cluster within this window join one alert. Zero turns grouping off.</summary>
    [JsonConverter(typeof(DurationConverter))]
    public TimeSpan GroupingWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an acknowledged or unacknowledged alert waits for "resolve" before it is closed as it stands.</summary>
    [JsonConverter(typeof(DurationConverter))]
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The policy used when no route matches.</summary>
    public string DefaultPolicy { get; set; } = "default";

    public List<EscalationPolicy> Policies { get; set; } = [];

    /// <summary>Evaluated in order; the first route whose every condition matches picks the policy.</summary>
    public List<EscalationRoute> Routes { get; set; } = [];

    /// <summary>One policy of two webhook tiers (15 and 30 minutes), used when nothing is configured.</summary>
    public static EscalationPolicySet Default { get; } = OfTiers(
        new EscalationTierSpec { Channels = ["webhook"], AckTimeout = TimeSpan.FromMinutes(15) },
        new EscalationTierSpec { Channels = ["webhook"], AckTimeout = TimeSpan.FromMinutes(30) });

    /// <summary>A set with one default policy made of these tiers and no routes.</summary>
    public static EscalationPolicySet OfTiers(params EscalationTierSpec[] tiers) => new()
    {
        Policies = [new EscalationPolicy { Name = "default", Tiers = [.. tiers] }],
    };

    /// <summary>
    /// The plan for one alert: the first matching route's policy (or the default), and when
    /// low/medium alerts raised outside the route's working hours may start notifying.
    /// </summary>
    public EscalationPlan Resolve(Verdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        Severity severity = verdict.Severity ?? Severity.Info;
        EscalationRoute? route = Routes.FirstOrDefault(r => r.Matches(verdict, severity));
        string policyName = route?.Policy ?? DefaultPolicy;
        EscalationPolicy policy = Policies.FirstOrDefault(p => p.Name == policyName)
            ?? throw new InvalidOperationException($"escalation policy '{policyName}' is not defined");
        DateTimeOffset? deferUntil = route?.QuietHours is { } quiet && severity <= Severity.Medium
            ? quiet.NextWorkingTime(now)
            : null;
        return new EscalationPlan(
            [.. policy.Tiers.Select((t, i) => new EscalationTier(i + 1, [.. t.Channels], t.AckTimeout, [.. t.Recipients], [.. t.Groups]) { Fallback = [.. t.Fallback] })])
        {
            Policy = policy.Name,
            Route = route?.Name,
            Repeat = policy.Repeat,
            OnExhausted = [.. policy.OnExhausted.Channels],
            DeferUntil = deferUntil == now ? null : deferUntil,
            AutoCloseAfter = AutoCloseAfter,
        };
    }
}
