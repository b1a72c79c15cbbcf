using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Workflow.Contracts;

/// <summary>What recording a change decided.</summary>
public sealed record AlertOpening(OpeningKind Kind, string AlertId, EscalationPlan? Plan = null, int ChangeCount = 1);
