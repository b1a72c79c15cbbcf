using System.Text.Json.Serialization;
using EcsRtma.Core.Detection;

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

/// <summary>An ordered ladder of tiers, repeated <see cref="Repeat"/> more times, then the exhaustion action.</summary>
public sealed class EscalationPolicy
{
    public string Name { get; set; } = string.Empty;

    public List<EscalationTierSpec> Tiers { get; set; } = [];

    /// <summary>How many more times the whole ladder is walked after the first pass.</summary>
    public int Repeat { get; set; }

    public ExhaustionAction OnExhausted { get; set; } = new();
}

/// <summary>One rung: channels, recipients (inline addresses/handles or Entra ID group ids), and the acknowledgement timeout.</summary>
public sealed class EscalationTierSpec
{
    public List<string> Channels { get; set; } = [];

    /// <summary>E-mail addresses, phone numbers or handles, used by per-recipient channels (email, SMS).</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Entra ID group object ids, resolved to their members when the tier is notified.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Channels tried in order when one of <see cref="Channels"/> keeps failing, until one delivers.</summary>
    public List<string> Fallback { get; set; } = [];

    [JsonConverter(typeof(DurationConverter))]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>What happens when nobody acknowledged through the whole ladder: the alert is marked unacknowledged and these channels (e.g. servicenow, pagerduty) are notified.</summary>
public sealed class ExhaustionAction
{
    public List<string> Channels { get; set; } = [];
}

/// <summary>Picks a policy for alerts matching every listed condition (an empty list matches anything).</summary>
public sealed class EscalationRoute
{
    public string Name { get; set; } = string.Empty;

    public string Policy { get; set; } = string.Empty;

    public List<Severity> Severities { get; set; } = [];

    public List<string> Accounts { get; set; } = [];

    public List<string> Regions { get; set; } = [];

    /// <summary>Cluster names or globs (<c>prod-*</c>).</summary>
    public List<string> Clusters { get; set; } = [];

    /// <summary>ECS action names or globs (<c>Delete*</c>).</summary>
    public List<string> Actions { get; set; } = [];

    /// <summary>When set, low and medium alerts wait for working hours; high and critical never wait.</summary>
    public QuietHours? QuietHours { get; set; }

    public bool Matches(Verdict verdict, Severity severity)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return (Severities.Count == 0 || Severities.Contains(severity))
            && (Accounts.Count == 0 || Accounts.Contains(verdict.AccountId ?? string.Empty, StringComparer.Ordinal))
            && (Regions.Count == 0 || Regions.Contains(verdict.Region ?? string.Empty, StringComparer.Ordinal))
            && (Clusters.Count == 0 || Clusters.Any(c => Glob.IsMatch(c, verdict.Cluster)))
            && (Actions.Count == 0 || Actions.Any(a => Glob.IsMatch(a, verdict.EventName)));
    }
}

/// <summary>Working hours in a time zone; outside them, low and medium alerts wait.</summary>
public sealed class QuietHours
{
    /// <summary>IANA or Windows time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public List<DayOfWeek> WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Start of working hours, HH:mm local time.</summary>
    public string Start { get; set; } = "09:00";

    /// <summary>End of working hours, HH:mm local time.</summary>
    public string End { get; set; } = "17:00";

    /// <summary><paramref name="now"/> itself inside working hours, otherwise the next start of working hours.</summary>
    public DateTimeOffset NextWorkingTime(DateTimeOffset now)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        int start = Detection.PolicyLoader.ParseTime(Start, "start");
        int end = Detection.PolicyLoader.ParseTime(End, "end");
        if (WorkingDays.Count == 0 || start >= end)
        {
            return now;
        }

        DateTime local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        for (int day = 0; day <= 7; day++)
        {
            DateTime date = local.Date.AddDays(day);
            if (!WorkingDays.Contains(date.DayOfWeek))
            {
                continue;
            }

            DateTime opens = date.AddMinutes(start);
            DateTime closes = date.AddMinutes(end);
            if (local < closes)
            {
                return local >= opens ? now : ToUtc(opens, zone);
            }
        }

        return now;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A start time inside a spring-forward gap does not exist: move to the first valid minute.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
