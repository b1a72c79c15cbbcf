using EcsRtma.Core.Escalation;

namespace EcsRtma.Workflow.Contracts;

/// <summary>What recording a change decided.</summary>
public sealed record AlertOpening(OpeningKind Kind, string AlertId, EscalationPlan? Plan = null, int ChangeCount = 1);
