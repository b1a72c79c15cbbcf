using EcsRtma.Core.Findings;

namespace EcsRtma.Detection.Policy;

public sealed class SeverityOverrides
{
    /// <summary>Action name → severity, replacing the catalog default.</summary>
    public Dictionary<string, Severity> Actions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Finding id → severity.</summary>
    public Dictionary<string, Severity> Findings { get; set; } = new(StringComparer.Ordinal);
}
