using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Contracts;

/// <summary>A change whose processing failed: record it and open (or re-open) its alert as a processing failure.</summary>
public sealed record RecordFailureInput(CloudTrailEvent Change, Verdict Verdict, string AlertId, string Error, EscalationPolicySet? Escalation = null);
