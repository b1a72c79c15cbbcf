namespace EcsRtma.Core.Ports;

/// <summary>One channel's reachability.</summary>
/// <param name="FailingSince">The first failed attempt since the last one that got an answer; null while the channel answers.</param>
/// <param name="OutageAlertId">The open "channel unreachable" alert of this outage, if one was raised.</param>
public sealed record ChannelState(string Channel, DateTimeOffset? FailingSince, DateTimeOffset? LastFailureAt, string? LastError, DateTimeOffset? LastAnswerAt, string? OutageAlertId, string? ETag = null);
