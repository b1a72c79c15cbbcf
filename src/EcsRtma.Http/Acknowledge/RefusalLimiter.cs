using System.Collections.Concurrent;
using EcsRtma.Core;

namespace EcsRtma.Http.Acknowledge;

/// <summary>
/// Bounds what anonymous refused link attempts can cost: per alert, at most
/// <see cref="Limits.RefusalsPerAlertPerMinute"/> refusals a minute are answered (the rest get 429
/// before any storage is touched), and only the first <see cref="Limits.RefusalsOnTimeline"/> of a
/// window are written to the alert's timeline (the rest are counted in one line). Per host instance,
/// in memory: a flood cannot grow an alert's timeline or this table without bound (it forgets every
/// alert when it tracks too many).
/// </summary>
public sealed class RefusalLimiter(TimeProvider time)
{
    private const int MaxTracked = Core.Limits.RefusalsTracked;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _alerts = new(StringComparer.Ordinal);

    /// <summary>What to do with one more refused attempt on <paramref name="alertId"/>.</summary>
    public RefusalVerdict Count(string alertId)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        if (_alerts.Count >= MaxTracked)
        {
            _alerts.Clear();
        }

        DateTimeOffset now = time.GetUtcNow();
        Counter counter = _alerts.GetOrAdd(alertId, _ => new Counter(now));
        lock (counter)
        {
            if (now - counter.Since >= Window)
            {
                counter.Since = now;
                counter.Count = 0;
            }

            counter.Count++;
            return counter.Count > Limits.RefusalsPerAlertPerMinute ? RefusalVerdict.TooMany
                : counter.Count <= Limits.RefusalsOnTimeline ? RefusalVerdict.Record
                : RefusalVerdict.CountOnly;
        }
    }

    private sealed class Counter(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; set; } = since;

        public int Count { get; set; }
    }
}
