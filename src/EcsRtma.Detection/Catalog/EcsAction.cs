using EcsRtma.Core.Findings;

namespace EcsRtma.Detection.Catalog;

/// <summary>One monitored ECS API action, as listed in the catalog data file.</summary>
public sealed record EcsAction(string Name, string ResourceType, string Description, Severity Severity, string Remediation, bool Conformity);
