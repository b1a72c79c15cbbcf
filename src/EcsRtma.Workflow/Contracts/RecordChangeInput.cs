using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Contracts;

public sealed record RecordChangeInput(CloudTrailEvent Change, Verdict Verdict, string AlertId, EscalationPolicySet? Escalation = null);
