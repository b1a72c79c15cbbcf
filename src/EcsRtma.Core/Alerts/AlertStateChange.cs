namespace EcsRtma.Core.Alerts;

/// <summary>A state change to reflect in the channels that were notified (update the Slack message, acknowledge in PagerDuty, comment on the ticket).</summary>
public sealed record AlertStateChange(string AlertId, AlertStatus Status, string By, DateTimeOffset At, string Title, string? Comment = null, string? ExternalRef = null);
