namespace EcsRtma.Core.Events;

/// <summary>The result of parsing one input message: an event, or the reason it was rejected.</summary>
public sealed record ParseResult
{
    private ParseResult(CloudTrailEvent? @event, string? error)
    {
        Event = @event;
        Error = error;
    }

    public CloudTrailEvent? Event { get; }

    /// <summary>A specific, human-readable reason the message was rejected; null on success.</summary>
    public string? Error { get; }

    public bool IsSuccess => Event is not null;

    public static ParseResult Success(CloudTrailEvent @event) => new(@event, null);

    public static ParseResult Failure(string error) => new(null, error);
}
