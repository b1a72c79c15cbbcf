namespace EcsRtma.Core.Alerts;

/// <summary>One thing that happened to an alert.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message, int? Tier = null, string? Channel = null, string? Actor = null);
