using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>Everything a channel needs to tell one recipient about one alert at one tier.</summary>
public sealed record AlertNotification
{
    public required string AlertId { get; init; }
    public required int Tier { get; init; }
    public required string Recipient { get; init; }
    public required Verdict Verdict { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required Uri AcknowledgeUrl { get; init; }
    public required DateTimeOffset AckDeadline { get; init; }

    /// <summary>Signed link that resolves (closes) the alert.</summary>
    public Uri? ResolveUrl { get; init; }

    /// <summary>A short link (<c>/api/s/{code}</c>) to <see cref="AcknowledgeUrl"/>, for channels with little room (SMS).</summary>
    public Uri? ShortAcknowledgeUrl { get; init; }

    /// <summary>The alert on the board (needs the API's own authorisation).</summary>
    public Uri? BoardUrl { get; init; }

    /// <summary>The person this copy is for, for per-recipient channels (email, SMS); null for a channel post.</summary>
    public Recipient? Person { get; init; }

    /// <summary>Stable across retries of this copy (alert, tier, round, recipient): an idempotency key for vendors that take one.</summary>
    public string DeliveryKey { get; init; } = string.Empty;

    /// <summary>When the first attempt of this copy was made (vendors' repeatability checks need it unchanged across retries).</summary>
    public DateTimeOffset FirstAttemptAt { get; init; }

    /// <summary>Everyone the tier addresses (for mentions in a channel post).</summary>
    public IReadOnlyList<Recipient> Recipients { get; init; } = [];
}
