using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Policies;
using EcsRtma.Core.Text;

namespace EcsRtma.Detection.Policy;

/// <summary>Evaluates suppression rules: OR between rules, AND within one, OR inside each list.</summary>
public sealed class SuppressionEvaluator(DetectionPolicy policy)
{
    public SuppressionRule? Match(CloudTrailEvent e, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(actor);
        foreach (SuppressionRule rule in policy.Suppress)
        {
            if (Matches(rule, e, actor))
            {
                return rule;
            }
        }

        return null;
    }

    private static bool Matches(SuppressionRule rule, CloudTrailEvent e, Actor actor) =>
        (rule.Actions.Count == 0 || rule.Actions.Contains(e.EventName, StringComparer.Ordinal))
        && (rule.Principals.Count == 0 || rule.Principals.Any(g => Glob.IsMatch(g, actor.Arn) || Glob.IsMatch(g, actor.SessionIssuerArn) || Glob.IsMatch(g, actor.RoleName)))
        && (rule.Accounts.Count == 0 || rule.Accounts.Contains(e.RecipientAccountId ?? string.Empty, StringComparer.Ordinal))
        && (rule.Regions.Count == 0 || rule.Regions.Contains(e.AwsRegion ?? string.Empty, StringComparer.Ordinal))
        && (rule.Clusters.Count == 0 || rule.Clusters.Any(g => Glob.IsMatch(g, e.Cluster)))
        && (rule.Tools.Count == 0 || rule.Tools.Contains(actor.Tool ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        && (rule.Windows.Count == 0 || rule.Windows.Any(w => InWindow(w, e.EventTime.UtcDateTime)));

    private static bool InWindow(TimeWindow window, DateTime utc)
    {
        int start = PolicyDocument.ParseTime(window.Start, "start");
        int end = PolicyDocument.ParseTime(window.End, "end");
        int minute = utc.Hour * 60 + utc.Minute;
        if (start <= end)
        {
            return (window.Days.Count == 0 || window.Days.Contains(utc.DayOfWeek)) && minute >= start && minute < end;
        }

        // Across midnight: the part after midnight belongs to the previous day's window.
        return minute >= start
            ? window.Days.Count == 0 || window.Days.Contains(utc.DayOfWeek)
            : minute < end && (window.Days.Count == 0 || window.Days.Contains(utc.AddDays(-1).DayOfWeek));
    }
}
