using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Ingestion;

/// <summary>How one timer run drains the queue. Section <c>Drain</c>.</summary>
public sealed class DrainOptions
{
    public const string SectionName = "Drain";

    /// <summary>How long one run keeps long-polling. Keep it under the timer interval and the function timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:09:00")]
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>SQS long-poll wait per receive (at most 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Concurrent receive loops per run (each receives batches of 10).</summary>
    [Range(1, 32)]
    public int Receivers { get; set; } = 4;

    /// <summary>A batch still being handled after this long gets its visibility extended, so SQS does not hand it to another receiver.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ExtendVisibilityAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How much visibility each extension grants.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:12:00")]
    public TimeSpan VisibilityExtension { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop the run as soon as a receive comes back empty (tests and backfills), instead of polling until MaxRunDuration.</summary>
    public bool StopWhenEmpty { get; set; }

    /// <summary>
    /// The drain sends an opened alert's first-tier notification itself, then starts its orchestration
    /// to wait and escalate (ADR 0015). False leaves it to the orchestration: an activity's round trip
    /// through the task hub later.
    /// </summary>
    public bool NotifyFirstTier { get; set; } = true;

    /// <summary>
    /// How long the drain waits for one channel's first-tier notification. Past it, or on any failure,
    /// the orchestration delivers over that channel with its durable retries and fallbacks (a copy the
    /// vendor got just as the wait ended can then arrive twice).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan FirstTierTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back the reconciler looks for failed change instances to re-drive.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00")]
    public TimeSpan ReconcileWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Runs of one change instance (the first plus re-drives) before the reconciler gives up and records it as a rejection.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
