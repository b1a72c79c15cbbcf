namespace EcsRtma.Http.Acknowledge;

/// <summary>How a refused attempt is handled.</summary>
public enum RefusalVerdict
{
    /// <summary>Answered and written to the alert's timeline.</summary>
    Record,

    /// <summary>Answered, logged, not written.</summary>
    CountOnly,

    /// <summary>Answered 429 at once: too many refusals for this alert this minute.</summary>
    TooMany,
}
