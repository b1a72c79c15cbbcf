namespace EcsRtma.Core.Alerts;

/// <summary>Kinds of entries on an alert's timeline.</summary>
public static class TimelineKinds
{
    public const string Opened = "opened";
    public const string Notified = "notified";
    public const string DeliveryFailed = "delivery-failed";
    public const string Fallback = "fallback";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Exhausted = "exhausted";
    public const string Closed = "closed";
    public const string Deferred = "deferred";
    public const string Joined = "joined";
    public const string Reflected = "reflected";
    public const string TokenRefused = "token-refused";
    public const string ProcessingFailed = "processing-failed";

    /// <summary>A delivery has not reached anyone yet and is being retried until it does (or the alert is answered).</summary>
    public const string Undelivered = "undelivered";

    /// <summary>Two different records arrived under one CloudTrail eventID.</summary>
    public const string Collision = "collision";
}
