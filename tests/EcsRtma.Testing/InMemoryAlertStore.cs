using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;

namespace EcsRtma.Testing;

/// <summary>A fake of our own storage ports, for orchestration tests. The real store is tested on Azurite.</summary>
public sealed class InMemoryAlertStore : IChangeLog, IAlertStore, IAlertGroups, IDeliveryLog, ILinkStore, IRejectionLog, IRetentionStore, IEventIndex, IChannelHealthStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimelineEntry>> _timelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ChangeSummary>> _alertChanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeliveryRecord> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (AlertGroup Group, int Version)> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Uri Target, DateTimeOffset ExpiresAt)> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _eventHashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ChannelState State, int Version)> _channels = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, Verdict> Changes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string?> ChangeAlerts { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<RejectedMessage> Rejected { get; } = new();

    public Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default)
    {
        Changes[change.EventId] = verdict;
        ChangeAlerts[change.EventId] = alertId;
        return Task.CompletedTask;
    }

    public Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("listing is tested against the Table Storage store on Azurite");

    public Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            List<ChangeSummary> list = _alertChanges.TryGetValue(alertId, out List<ChangeSummary>? l) ? l : _alertChanges[alertId] = [];
            if (list.Any(c => c.EventId == change.EventId))
            {
                return Task.FromResult(false);
            }

            list.Add(change);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ChangeSummary>>(_alertChanges.TryGetValue(alertId, out List<ChangeSummary>? l) ? [.. l] : []);
        }
    }

    public Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_groups.TryGetValue(key, out var g) ? g.Group with { ETag = g.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
        }
    }

    public Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            bool exists = _groups.TryGetValue(group.Key, out var current);
            if ((group.ETag is null && exists) || (group.ETag is not null && (!exists || current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != group.ETag)))
            {
                return Task.FromResult(false);
            }

            _groups[group.Key] = (group with { ETag = null }, current.Version + 1);
            return Task.FromResult(true);
        }
    }

    public Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _deliveries[$"{delivery.AlertId}|{delivery.Tier}|{delivery.Round}|{delivery.Channel}|{delivery.Recipient}"] = delivery;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DeliveryRecord>>([.. _deliveries.Values.Where(d => d.AlertId == alertId)]);
        }
    }

    public Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_deliveries.GetValueOrDefault($"{alertId}|{tier}|{round}|{channel}|{recipient}"));
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("retention is tested against the Table Storage store on Azurite");

    /// <summary>Alerts this store refuses to open (as Table Storage refuses an entity over its limits), to test the failure path.</summary>
    public Func<AlertRecord, bool>? RefuseAlert { get; set; }

    public async Task<bool> OpenAlertAsync(AlertRecord alert, ChangeSummary? firstChange = null, TimelineEntry? opened = null, CancellationToken cancellationToken = default)
    {
        if (RefuseAlert?.Invoke(alert) == true)
        {
            throw new InvalidOperationException("PropertyValueTooLarge (refused by the test store)");
        }

        lock (_lock)
        {
            if (!_alerts.TryAdd(alert.AlertId, alert))
            {
                return false;
            }
        }

        if (firstChange is not null)
        {
            await AttachChangeAsync(alert.AlertId, firstChange, cancellationToken);
        }

        if (opened is not null)
        {
            await AppendTimelineAsync(alert.AlertId, opened, cancellationToken);
        }

        return true;
    }

    public Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_alerts.GetValueOrDefault(alertId));
        }
    }

    public async Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, TimelineEntry? note = null, DeliveryRecord? delivery = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            AlertRecord before = _alerts[alertId];
            _alerts[alertId] = update(before) with { Version = before.Version + 1 };
        }

        if (note is not null)
        {
            await AppendTimelineAsync(alertId, note, cancellationToken);
        }

        if (delivery is not null)
        {
            await RecordDeliveryAsync(delivery, cancellationToken);
        }
    }

    public Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_timelines.TryGetValue(alertId, out List<TimelineEntry>? list))
            {
                _timelines[alertId] = list = [];
            }

            list.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TimelineEntry>>(_timelines.TryGetValue(alertId, out List<TimelineEntry>? list) ? [.. list] : []);
        }
    }

    public Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(new Listing<AlertRecord>([.. _alerts.Values.OrderByDescending(a => a.CreatedAt).Take(query.Limit)], null));
        }
    }

    public Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _links[code] = (target, expiresAt);
        }

        return Task.CompletedTask;
    }

    public Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_links.TryGetValue(code, out var link) && link.ExpiresAt > DateTimeOffset.UtcNow ? link.Target : null);
        }
    }

    public Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_tokens.Add(alertId + "/" + nonce));
        }
    }

    public Task ReleaseTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _tokens.Remove(alertId + "/" + nonce);
        }

        return Task.CompletedTask;
    }

    public Task<string> ClaimEventAsync(string eventKey, string contentHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_eventHashes.TryAdd(eventKey, contentHash) ? contentHash : _eventHashes[eventKey]);
        }
    }

    public Task<IReadOnlyList<ChannelState>> GetChannelStatesAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ChannelState>>([.. _channels.Values.Select(v => v.State with { ETag = v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);
        }
    }

    public Task<ChannelState?> GetChannelStateAsync(string channel, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_channels.TryGetValue(channel, out var v) ? v.State with { ETag = v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
        }
    }

    public Task<bool> TrySetChannelStateAsync(ChannelState state, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            bool exists = _channels.TryGetValue(state.Channel, out var current);
            if (state.ETag is null ? exists : !exists || current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != state.ETag)
            {
                return Task.FromResult(false);
            }

            _channels[state.Channel] = (state with { ETag = null }, current.Version + 1);
            return Task.FromResult(true);
        }
    }

    public Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        Rejected.Enqueue(message);
        return Task.CompletedTask;
    }
}
