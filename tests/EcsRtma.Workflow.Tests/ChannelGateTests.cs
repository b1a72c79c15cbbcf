using EcsRtma.Core.Findings;
using EcsRtma.Workflow.Channels;

namespace EcsRtma.Workflow.Tests;

/// <summary>The per-channel gate: bounded sends, most severe then oldest first, and no wait longer than its limit.</summary>
public sealed class ChannelGateTests
{
    private static readonly DateTimeOffset Early = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WhenAChannelIsFull_WaitingSendsGoMostSevereFirst_ThenOldestFirst()
    {
        var gate = new ChannelGate(1, TimeSpan.FromSeconds(30));
        IDisposable first = await gate.EnterAsync("webhook", Severity.Low, Early, CancellationToken.None);
        var order = new List<string>();
        Task Queue(string name, Severity severity, DateTimeOffset at) => Task.Run(async () =>
        {
            using IDisposable turn = await gate.EnterAsync("webhook", severity, at, CancellationToken.None);
            lock (order)
            {
                order.Add(name);
            }
        });

        Task low = Queue("low", Severity.Low, Early);
        Task criticalLate = Queue("critical-late", Severity.Critical, Early.AddMinutes(5));
        Task criticalEarly = Queue("critical-early", Severity.Critical, Early.AddMinutes(1));
        Task high = Queue("high", Severity.High, Early);
        while (gate.Waiting("webhook") < 4)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, gate.Waiting("teams")); // channels do not share a lane
        first.Dispose();
        await Task.WhenAll(low, criticalLate, criticalEarly, high);
        Assert.Equal(["critical-early", "critical-late", "high", "low"], order);
    }

    [Fact]
    public async Task NoTurnWithinTheLimit_IsATimeout_AndTheLaneStaysUsable()
    {
        var gate = new ChannelGate(1, TimeSpan.FromMilliseconds(200));
        IDisposable held = await gate.EnterAsync("webhook", Severity.High, Early, CancellationToken.None);

        TimeoutException refused = await Assert.ThrowsAsync<TimeoutException>(() => gate.EnterAsync("webhook", Severity.Critical, Early, CancellationToken.None));
        Assert.Contains("still waiting for a turn", refused.Message, StringComparison.Ordinal);

        held.Dispose();
        using IDisposable next = await gate.EnterAsync("webhook", Severity.Low, Early, CancellationToken.None); // the abandoned waiter did not take the turn
        Assert.Equal(0, gate.Waiting("webhook"));
    }
}
