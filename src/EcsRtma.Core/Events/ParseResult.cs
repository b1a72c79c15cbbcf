namespace EcsRtma.Core.Events;

/// <summary>The result of parsing one input message: an event, or the reason it was rejected.</summary>
public sealed record ParseResult
{
    private ParseResult(CloudTrailEvent? @event, string? error, string? otherSource = null)
    {
        Event = @event;
        Error = error;
        OtherSourceName = otherSource;
    }

    public CloudTrailEvent? Event { get; }

    /// <summary>A specific, human-readable reason the message was rejected; null on success.</summary>
    public string? Error { get; }

    public bool IsSuccess => Event is not null;

    /// <summary>A valid record of another service, recognised without being built (<see cref="ParseScope.EcsOnly"/>).</summary>
    public bool IsOtherSource => OtherSourceName is not null;

    /// <summary>The (cleaned) eventSource of a record of another service; null otherwise.</summary>
    public string? OtherSourceName { get; }

    public static ParseResult Success(CloudTrailEvent @event) => new(@event, null);

    public static ParseResult Failure(string error) => new(null, error);

    public static ParseResult OtherSource(string eventSource) => new(null, $"eventSource is {eventSource}, not {CloudTrailParser.EcsEventSource}", eventSource);
}
