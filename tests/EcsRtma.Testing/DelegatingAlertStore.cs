using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;

namespace EcsRtma.Testing;

/// <summary>Forwards every call to another store; override a member to slow it down or make it fail.</summary>
public abstract class DelegatingAlertStore(IAlertStore inner) : IAlertStore
{
    protected IAlertStore Inner { get; } = inner;

    public virtual Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default) => Inner.RecordChangeAsync(change, verdict, alertId, cancellationToken);

    public virtual Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default) => Inner.QueryChangesAsync(query, cancellationToken);

    public virtual Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default) => Inner.AttachChangeAsync(alertId, change, cancellationToken);

    public virtual Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default) => Inner.GetAlertChangesAsync(alertId, cancellationToken);

    public virtual Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default) => Inner.GetGroupAsync(key, cancellationToken);

    public virtual Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default) => Inner.TrySetGroupAsync(group, cancellationToken);

    public virtual Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default) => Inner.RecordDeliveryAsync(delivery, cancellationToken);

    public virtual Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default) => Inner.GetDeliveriesAsync(alertId, cancellationToken);

    public virtual Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default) => Inner.GetDeliveryAsync(alertId, tier, round, channel, recipient, cancellationToken);

    public virtual Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => Inner.PurgeAsync(olderThan, cancellationToken);

    public virtual Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default) => Inner.OpenAlertAsync(alert, cancellationToken);

    public virtual Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default) => Inner.GetAlertAsync(alertId, cancellationToken);

    public virtual Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default) => Inner.UpdateAlertAsync(alertId, update, cancellationToken);

    public virtual Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default) => Inner.AppendTimelineAsync(alertId, entry, cancellationToken);

    public virtual Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default) => Inner.GetTimelineAsync(alertId, cancellationToken);

    public virtual Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default) => Inner.QueryAlertsAsync(query, cancellationToken);

    public virtual Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Inner.SaveShortLinkAsync(code, target, expiresAt, cancellationToken);

    public virtual Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default) => Inner.ResolveShortLinkAsync(code, cancellationToken);

    public virtual Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default) => Inner.TryConsumeTokenAsync(alertId, nonce, cancellationToken);

    public virtual Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default) => Inner.RecordRejectedAsync(message, cancellationToken);
}
