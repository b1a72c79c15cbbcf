using System.Collections.Concurrent;
using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Channels;

/// <summary>
/// Bounds the sends in flight over one channel in this process (<c>Channels:MaxConcurrentSends</c>). When
/// a channel answers again after an outage, every pending notification is due at once: the gate lets
/// them through a few at a time, most severe first and, among equals, the oldest change first, so the
/// receiver is not flooded and the alert that matters most is not last in line. A send waits at most
/// <paramref name="maxWait"/> for its turn, then gives up with a <see cref="TimeoutException"/> (the
/// delivery's owner tries again later): an activity never holds its slot in a long queue for one slow
/// channel while other channels' deliveries wait behind it.
/// </summary>
public sealed class ChannelGate(int permits, TimeSpan maxWait)
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a turn on the channel (at most the gate's longest wait); dispose the answer to give it back.</summary>
    /// <exception cref="TimeoutException">No turn came within the longest wait.</exception>
    public async Task<IDisposable> EnterAsync(string channel, Severity? severity, DateTimeOffset eventTime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        Lane lane = _lanes.GetOrAdd(channel, _ => new Lane(Math.Max(1, permits)));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(maxWait);
        try
        {
            return await lane.EnterAsync(severity ?? Severity.Info, eventTime, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{channel}: {lane.Waiting} send(s) still waiting for a turn after {maxWait.TotalSeconds:0.#} s (Channels:MaxConcurrentSends); not now");
        }
    }

    /// <summary>Sends waiting for a turn on the channel right now.</summary>
    public int Waiting(string channel) => _lanes.TryGetValue(channel, out Lane? lane) ? lane.Waiting : 0;

    private sealed class Lane(int permits)
    {
        private readonly Lock _lock = new();
        private readonly PriorityQueue<TaskCompletionSource<IDisposable>, (int Severity, long Ticks, long Order)> _queue = new();
        private int _free = permits;
        private long _order;

        public int Waiting
        {
            get
            {
                lock (_lock)
                {
                    return _queue.Count;
                }
            }
        }

        public Task<IDisposable> EnterAsync(Severity severity, DateTimeOffset eventTime, CancellationToken cancellationToken)
        {
            TaskCompletionSource<IDisposable> turn;
            lock (_lock)
            {
                if (_free > 0 && _queue.Count == 0)
                {
                    _free--;
                    return Task.FromResult<IDisposable>(new Turn(this));
                }

                turn = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
                _queue.Enqueue(turn, (-(int)severity, eventTime.UtcTicks, _order++));
            }

            if (cancellationToken.CanBeCanceled)
            {
                CancellationTokenRegistration registration = cancellationToken.Register(() => turn.TrySetCanceled(cancellationToken));
                _ = turn.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return turn.Task;
        }

        private void Release()
        {
            lock (_lock)
            {
                while (_queue.TryDequeue(out TaskCompletionSource<IDisposable>? next, out _))
                {
                    if (next.TrySetResult(new Turn(this)))
                    {
                        return; // the turn passes on; a waiter that gave up (cancelled) is skipped
                    }
                }

                _free++;
            }
        }

        private sealed class Turn(Lane lane) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    lane.Release();
                }
            }
        }
    }
}
