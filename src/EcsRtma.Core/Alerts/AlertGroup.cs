using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>
/// The open thread a burst joins: changes by the same principal on the same cluster within the
/// grouping window. <see cref="ETag"/> is the store's concurrency token (null for a new group).
/// </summary>
public sealed record AlertGroup(string Key, string AlertId, DateTimeOffset StartedAt, Severity Severity, string? ETag = null);
