using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Cli;

/// <summary>Counts of a replay: what would have alerted, by outcome, severity, action and actor.</summary>
public sealed class ReplaySummary
{
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _severities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _actors = new(StringComparer.Ordinal);

    public int Files { get; set; }

    public int Records { get; private set; }

    public int Ecs { get; private set; }

    public int Sent { get; set; }

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public void Add(ParseResult record, Verdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        // Another service's record (read with ParseScope.EcsOnly) is ignored, as the classifier would have it.
        string outcome = record.IsOtherSource ? nameof(Outcome.Ignored) : verdict?.Outcome.ToString() ?? "Rejected";
        Bump(_outcomes, outcome);
        if (verdict is null || !string.Equals(record.Event!.EventSource, CloudTrailParser.EcsEventSource, StringComparison.Ordinal))
        {
            return;
        }

        Ecs++;
        if (verdict.Outcome is Outcome.Alert or Outcome.Suppressed)
        {
            Bump(_severities, verdict.Severity?.ToString() ?? "-");
            Bump(_actions, verdict.EventName);
            Bump(_actors, verdict.Actor.DisplayName);
        }
    }

    public void Print(TextWriter output, bool sent)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"files {Files}, records {Records}, ECS records {Ecs}{(sent ? $", sent to the queue {Sent}" : string.Empty)}");
        Section(output, "outcome", _outcomes, int.MaxValue);
        Section(output, "severity (alerts and suppressed)", _severities, int.MaxValue);
        Section(output, "action", _actions, 20);
        Section(output, "actor", _actors, 20);
    }

    private static void Section(TextWriter output, string title, Dictionary<string, int> counts, int top)
    {
        output.WriteLine();
        output.WriteLine($"by {title}:");
        foreach ((string key, int count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(top))
        {
            output.WriteLine($"  {count,8}  {key}");
        }
    }

    private static void Bump(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
