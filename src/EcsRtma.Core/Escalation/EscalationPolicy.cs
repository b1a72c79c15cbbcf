namespace EcsRtma.Core.Escalation;

/// <summary>An ordered ladder of tiers, repeated <see cref="Repeat"/> more times, then the exhaustion action.</summary>
public sealed class EscalationPolicy
{
    public string Name { get; set; } = string.Empty;

    public List<EscalationTierSpec> Tiers { get; set; } = [];

    /// <summary>How many more times the whole ladder is walked after the first pass.</summary>
    public int Repeat { get; set; }

    public ExhaustionAction OnExhausted { get; set; } = new();
}
