namespace EcsRtma.Workflow.Settings;

/// <summary>How long alerts and changes are kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Alerts (with their changes, timeline and deliveries), changes and rejected messages older than this are deleted daily.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3650)]
    public int Days { get; set; } = 90;
}
