using System.Collections.Concurrent;

namespace EcsRtma.Ingestion;

/// <summary>
/// One change at a time per instance id in this process. SQS can hand two copies of one message to
/// two receivers at once; the second waits for the first to finish and then finds its instance
/// started (a duplicate), so the drain never notifies one alert twice. The drain runs as a singleton
/// (a timer trigger, or the local host's loop), so this process is the only one draining.
/// </summary>
internal sealed class InFlight : IDisposable
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Holders = new(StringComparer.Ordinal);

    private readonly string _key;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InFlight(string key) => _key = key;

    public static async Task<InFlight> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var entry = new InFlight(key);
        while (!Holders.TryAdd(key, entry._done))
        {
            if (Holders.TryGetValue(key, out TaskCompletionSource? holder))
            {
                await holder.Task.WaitAsync(cancellationToken);
            }
        }

        return entry;
    }

    public void Dispose()
    {
        Holders.TryRemove(new KeyValuePair<string, TaskCompletionSource>(_key, _done));
        _done.TrySetResult();
    }
}
