using System.Diagnostics.Metrics;

namespace EcsRtma.Workflow.Telemetry;

/// <summary>
/// Metrics of the pipeline (meter <c>EcsRtma</c>), exported by OpenTelemetry in the Functions app:
/// drain counts, SQS calls, queue lag (now − eventTime) and alert-side measures.
/// </summary>
public sealed class EcsRtmaMetrics : IDisposable
{
    public const string MeterName = "EcsRtma";

    private readonly Meter _meter;

    public EcsRtmaMetrics()
    {
        _meter = new Meter(MeterName);
        Received = _meter.CreateCounter<long>("ecsrtma.drain.received", "{message}", "SQS messages received");
        Started = _meter.CreateCounter<long>("ecsrtma.drain.started", "{change}", "Orchestrations started");
        Recorded = _meter.CreateCounter<long>("ecsrtma.drain.recorded", "{change}", "Changes that do not alert (read-only, suppressed, agent housekeeping), recorded by the drain without an orchestration");
        Duplicates = _meter.CreateCounter<long>("ecsrtma.drain.duplicates", "{message}", "Deliveries of a change already started");
        Rejected = _meter.CreateCounter<long>("ecsrtma.drain.rejected", "{message}", "Messages left for the dead-letter queue");
        Deleted = _meter.CreateCounter<long>("ecsrtma.drain.deleted", "{message}", "Messages deleted after their change was durable");
        SqsCalls = _meter.CreateCounter<long>("ecsrtma.drain.sqs_calls", "{call}", "SQS API calls");
        FirstTierNotified = _meter.CreateCounter<long>("ecsrtma.drain.first_tier_notified", "{alert}", "New alerts whose first tier the drain notified on every channel, before their orchestration started");
        FirstTierDeferred = _meter.CreateCounter<long>("ecsrtma.drain.first_tier_deferred", "{delivery}", "First-tier channels the drain left to the orchestration (failed, refused or slow), by channel");
        QueueLag = _meter.CreateHistogram<double>("ecsrtma.drain.queue_lag", "s", "Time from the ECS API call to its orchestration start");
        Alerts = _meter.CreateCounter<long>("ecsrtma.alerts", "{alert}", "Alerts opened, by severity");
        DeliveryFailures = _meter.CreateCounter<long>("ecsrtma.delivery.failures", "{delivery}", "Deliveries refused for good (or given up on), by channel");
        DeliveriesPending = _meter.CreateCounter<long>("ecsrtma.delivery.pending", "{delivery}", "Deliveries that failed their first attempt and are retried until delivered, by channel");
        TimeToAcknowledge = _meter.CreateHistogram<double>("ecsrtma.alerts.time_to_acknowledge", "s", "From alert opened to acknowledgement");
    }

    public Counter<long> Received { get; }

    public Counter<long> Started { get; }

    public Counter<long> Recorded { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Rejected { get; }

    public Counter<long> Deleted { get; }

    public Counter<long> SqsCalls { get; }

    public Counter<long> FirstTierNotified { get; }

    public Counter<long> FirstTierDeferred { get; }

    public Histogram<double> QueueLag { get; }

    public Counter<long> Alerts { get; }

    public Counter<long> DeliveryFailures { get; }

    public Counter<long> DeliveriesPending { get; }

    public Histogram<double> TimeToAcknowledge { get; }

    public void Dispose() => _meter.Dispose();
}
