namespace EcsRtma.Core.Escalation;

/// <summary>What happens when nobody acknowledged through the whole ladder: the alert is marked unacknowledged and these channels (e.g. servicenow, pagerduty) are notified.</summary>
public sealed class ExhaustionAction
{
    public List<string> Channels { get; set; } = [];
}
