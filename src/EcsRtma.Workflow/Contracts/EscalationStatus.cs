namespace EcsRtma.Workflow.Contracts;

/// <summary>Custom status: the phase (deferred, escalating, acknowledged, unacknowledged), tier, round, and until when it waits.</summary>
public sealed record EscalationStatus(string AlertId, int Tier, DateTime DeadlineUtc, string Phase = EscalationPhases.Escalating, int Round = 1);
