using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Workflow.Drain;

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

    /// <summary>Stop the run as soon as a receive comes back empty (tests and backfills), instead of polling until MaxRunDuration.</summary>
    public bool StopWhenEmpty { get; set; }
}
