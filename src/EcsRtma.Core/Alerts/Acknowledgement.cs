namespace EcsRtma.Core.Alerts;

/// <summary>A human answer: raised as the orchestration's "Acknowledged" event (stops escalation) or "Resolved" event (closes the alert).</summary>
public sealed record Acknowledgement(string By, DateTimeOffset At, string? Comment = null, string Via = "link");
