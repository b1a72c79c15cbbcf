using EcsRtma.Core.Alerts;

namespace EcsRtma.Http.Api;

/// <summary>One alert with everything the board shows: its changes, timeline and deliveries.</summary>
public sealed record AlertDetail(AlertRecord Alert, IReadOnlyList<ChangeSummary> Changes, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<DeliveryRecord> Deliveries);
