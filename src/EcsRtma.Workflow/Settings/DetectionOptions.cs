namespace EcsRtma.Workflow.Settings;

/// <summary>Detection tuning. Section <c>Detection</c>.</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>Path of a detection policy file (.json, .yaml or .yml; see docs/POLICY.md). Empty: no site tuning.</summary>
    public string? PolicyFile { get; set; }
}
