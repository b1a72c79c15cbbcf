using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;

namespace EcsRtma.Core.Escalation;

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
