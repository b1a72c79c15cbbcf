using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;

namespace EcsRtma.Core.Ports;

/// <summary>Durable record of changes, alerts and their timelines (Azure Table Storage in production).</summary>
public interface IAlertStore
{
    /// <summary>Records a change and its verdict (and the alert it belongs to, if any); idempotent for the same event id.</summary>
    Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default);

    /// <summary>Lists recorded changes (alerted, suppressed and ignored), newest first.</summary>
    Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a change to an alert's list of changes. Returns false when it was already there (a retry or a duplicate delivery).</summary>
    Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>The current group (burst thread) for a key, with its concurrency token, or null.</summary>
    Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creates (ETag null) or replaces (ETag of the version read) a group. Returns false when another writer got there first.</summary>
    Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default);

    /// <summary>Records (or updates) one delivery of a notification: attempts, result and the vendor's reference.</summary>
    Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>One delivery (alert, tier, round, channel, recipient), or null: a point read where a channel sends a single copy.</summary>
    Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default);

    /// <summary>Deletes alerts, changes and rejected messages older than the cutoff. Returns the number of rows deleted.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);

    /// <summary>Creates the alert row if it does not exist yet (idempotent on retries and replays).</summary>
    Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Applies a change to the alert row with optimistic concurrency.</summary>
    Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default);

    Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Lists alerts by creation time, newest first, filtered and paged.</summary>
    Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Stores a short link code for a signed link (SMS); the code is a pointer, the token stays the authorisation.</summary>
    Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The signed link behind a short code, or null when unknown or expired.</summary>
    Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Marks a token nonce as spent. Returns false when it was already spent (a replay).</summary>
    Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default);

    Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One delivery channel (webhook, Teams, Slack …). Throws on failure; the caller isolates and records it.</summary>
public interface IAlertChannel
{
    string Name { get; }

    /// <summary>True for channels that address people one by one (email, SMS): one send per recipient, each with its own link.</summary>
    bool PerRecipient => false;

    /// <summary>True for channels with little room (SMS): the notification also carries short links.</summary>
    bool WantsShortLinks => false;

    Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}

/// <summary>A channel that can reflect a later state change in what it sent (update the message, acknowledge the incident, comment on the ticket).</summary>
public interface IAlertStateChannel
{
    Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken);
}

/// <summary>Resolves an Entra ID group to the people in it (Microsoft Graph in production).</summary>
public interface IRecipientDirectory
{
    Task<IReadOnlyList<Recipient>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken);
}

/// <summary>Thrown by a channel for a failure that retrying cannot fix (4xx other than 408/429).</summary>
public sealed class PermanentDeliveryException(string channel, int statusCode, string message)
    : Exception($"{channel}: {message} (HTTP {statusCode})")
{
    public string Channel { get; } = channel;

    public int StatusCode { get; } = statusCode;
}
