using EcsRtma.Core.Detection;

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

/// <summary>Someone to notify: inline in the policy, or a member of an Entra ID group.</summary>
public sealed record Recipient(string Name, string? Email = null, string? Phone = null)
{
    /// <summary>An inline policy entry: an e-mail address, a phone number (+E.164) or a handle.</summary>
    public static Recipient Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string v = value.Trim();
        return v.Contains('@', StringComparison.Ordinal) ? new Recipient(v, Email: v)
            : v.StartsWith('+') && v.Length > 6 && v[1..].All(char.IsAsciiDigit) ? new Recipient(v, Phone: v)
            : new Recipient(v);
    }
}

/// <summary>A state change to reflect in the channels that were notified (update the Slack message, acknowledge in PagerDuty, comment on the ticket).</summary>
public sealed record AlertStateChange(string AlertId, AlertStatus Status, string By, DateTimeOffset At, string Title, string? Comment = null, string? ExternalRef = null);

/// <summary>What a channel returns for a delivery: the vendor's reference to it (message ts, ticket id), when there is one.</summary>
public sealed record DeliveryReceipt(string? ExternalRef = null)
{
    public static DeliveryReceipt None { get; } = new();
}
