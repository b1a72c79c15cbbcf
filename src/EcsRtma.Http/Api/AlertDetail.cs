using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Http.Api;

/// <summary>One alert with everything the board shows: its changes, timeline and deliveries.</summary>
public sealed record AlertDetail(AlertRecord Alert, IReadOnlyList<ChangeSummary> Changes, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<DeliveryRecord> Deliveries);
