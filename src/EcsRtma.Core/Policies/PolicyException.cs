namespace EcsRtma.Core.Policies;

/// <summary>Thrown when a policy file is invalid; the message names the field and why.</summary>
public sealed class PolicyException(string message, Exception? inner = null) : Exception(message, inner);
