using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Testing;

/// <summary>A channel that records what it was asked to send (and state changes it was asked to reflect), and can be told to fail.</summary>
public sealed class RecordingChannel(string name = "webhook", bool perRecipient = false, bool shortLinks = false) : IAlertChannel, IAlertStateChannel
{
    private int _failuresLeft;

    public string Name { get; } = name;

    public ConcurrentQueue<AlertNotification> Sent { get; } = new();

    public ConcurrentQueue<AlertStateChange> Reflected { get; } = new();

    public bool PerRecipient => perRecipient;

    public bool WantsShortLinks => shortLinks;

    public int Attempts => _attempts;

    private int _attempts;

    /// <summary>Makes the next <paramref name="count"/> sends throw (int.MaxValue: always).</summary>
    public void FailNext(int count) => _failuresLeft = count;

    /// <summary>Makes the next <paramref name="count"/> sends refuse for good (an HTTP 400: not worth retrying).</summary>
    public void RefuseNext(int count) => _refusalsLeft = count;

    private int _refusalsLeft;

    /// <summary>Completes when a notification for the tier arrives.</summary>
    public async Task<AlertNotification> WaitForTierAsync(string alertId, int tier, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            AlertNotification? match = Sent.FirstOrDefault(n => n.AlertId == alertId && n.Tier == tier);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    public Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        Reflected.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (_refusalsLeft > 0)
        {
            _refusalsLeft--;
            throw new PermanentDeliveryException(Name, 400, "simulated refusal");
        }

        if (_failuresLeft > 0)
        {
            if (_failuresLeft != int.MaxValue)
            {
                _failuresLeft--;
            }

            throw new HttpRequestException($"{Name}: simulated outage");
        }

        Sent.Enqueue(notification);
        return Task.FromResult(new DeliveryReceipt($"{Name}-{notification.AlertId}-{notification.Tier}"));
    }
}
