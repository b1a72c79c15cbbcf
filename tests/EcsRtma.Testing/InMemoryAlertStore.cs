using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;

namespace EcsRtma.Testing;

/// <summary>A fake of our own <see cref="IAlertStore"/> port, for orchestration tests. The real store is tested on Azurite.</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimelineEntry>> _timelines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Verdict> Changes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<RejectedMessage> Rejected { get; } = new();

    public Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, CancellationToken cancellationToken = default)
    {
        Changes[change.EventId] = verdict;
        return Task.CompletedTask;
    }

    public Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _alerts.TryAdd(alert.AlertId, alert);
        }

        return Task.CompletedTask;
    }

    public Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_alerts.GetValueOrDefault(alertId));
        }
    }

    public Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _alerts[alertId] = update(_alerts[alertId]);
        }

        return Task.CompletedTask;
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

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AlertRecord>>([.. _alerts.Values.Take(max)]);
        }
    }

    public Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_tokens.Add(alertId + "/" + nonce));
        }
    }

    public Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        Rejected.Enqueue(message);
        return Task.CompletedTask;
    }
}
