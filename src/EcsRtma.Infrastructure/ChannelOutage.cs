namespace EcsRtma.Infrastructure;

/// <summary>A channel that cannot be reached, as /api/health shows it.</summary>
public sealed record ChannelOutage(string Channel, DateTimeOffset Since, string? LastError, string? AlertId);
