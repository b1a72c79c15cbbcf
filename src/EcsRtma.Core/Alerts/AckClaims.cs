namespace EcsRtma.Core.Alerts;

/// <summary>What a valid acknowledgement token grants.</summary>
public sealed record AckClaims(string AlertId, string Recipient, string Action, DateTimeOffset ExpiresAt, string Nonce);
