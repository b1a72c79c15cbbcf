namespace EcsRtma.Workflow.Contracts;

/// <summary>
/// The first tier's notification, sent by the drain before it started the orchestration: the tier's
/// acknowledgement deadline (from the drain's clock when it sent) and the channels that delivered.
/// The orchestration delivers over the tier's other channels (those that failed) and waits for that
/// deadline. Stored in history: only ever add optional members.
/// </summary>
public sealed record FirstTierNotice(DateTimeOffset Deadline, IReadOnlyList<string> Channels)
{
    /// <summary>Channels that refused the notification for good (a permanent failure), with the reason: the orchestration does not try them again, it goes to their fallbacks.</summary>
    public IReadOnlyDictionary<string, string> Refused { get; init; } = new Dictionary<string, string>();

    /// <summary>Channels whose receiver answered the drain "not now, retry after …" (a 429 or 503 with Retry-After): the orchestration's first attempt waits that long.</summary>
    public IReadOnlyDictionary<string, TimeSpan> RetryAfter { get; init; } = new Dictionary<string, TimeSpan>();
}
