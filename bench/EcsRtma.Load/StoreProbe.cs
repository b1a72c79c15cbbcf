using System.Collections.Concurrent;
using System.Reflection;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;

namespace EcsRtma.Load;

/// <summary>Which changes the real store recorded and which alerts it opened, seen through <see cref="ObservedPort{T}"/>.</summary>
public sealed class StoreProbe
{
    public ConcurrentDictionary<string, int> RecordedChanges { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> OpenedAlerts { get; } = new(StringComparer.Ordinal);

    public IChangeLog Observe(IChangeLog changes) => ObservedPort.Wrap(changes, See);

    public IAlertStore Observe(IAlertStore alerts) => ObservedPort.Wrap(alerts, See);

    private void See(MethodInfo method, object?[] args)
    {
        switch (method.Name, args.FirstOrDefault())
        {
            case (nameof(IChangeLog.RecordChangeAsync), CloudTrailEvent change):
                RecordedChanges.AddOrUpdate(change.EventId, 1, (_, n) => n + 1);
                break;
            case (nameof(IAlertStore.OpenAlertAsync), AlertRecord alert):
                OpenedAlerts.TryAdd(alert.AlertId, 0);
                break;
        }
    }
}
