using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Infrastructure.Tables;

namespace EcsRtma.Integration.Tests;

/// <summary>The Table Storage store on Azurite: idempotency, optimistic concurrency, single-use tokens.</summary>
public sealed class TableAlertStoreTests : IAsyncLifetime
{
    private readonly TableAlertStore _store = new(new TableServiceClient(Emulators.StorageConnectionString), "S" + Guid.NewGuid().ToString("N")[..10]);

    public Task InitializeAsync() => _store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OpenAlertAsync_Twice_KeepsTheFirstRow()
    {
        AlertRecord alert = Alert("ecs-open-twice");
        await _store.OpenAlertAsync(alert);
        await _store.OpenAlertAsync(alert with { Title = "changed" });
        Assert.Equal(alert.Title, (await _store.GetAlertAsync(alert.AlertId))!.Title);
    }

    [Fact]
    public async Task OpenAlertAsync_WithItsFirstChangeAndNote_WritesThemOnce_AndSaysWhetherItOpened()
    {
        AlertRecord alert = Alert("ecs-open-batch");
        var change = new ChangeSummary { EventId = "e-1", EventName = "RegisterTaskDefinition", EventTime = alert.EventTime, Outcome = Outcome.Alert, Title = "t" };
        var opened = new TimelineEntry(alert.CreatedAt, TimelineKinds.Opened, "opened");

        Assert.True(await _store.OpenAlertAsync(alert, change, opened));
        Assert.False(await _store.OpenAlertAsync(alert, change, opened)); // a retry of the activity

        Assert.Equal(["e-1"], (await _store.GetAlertChangesAsync(alert.AlertId)).Select(c => c.EventId));
        Assert.Equal(["opened"], (await _store.GetTimelineAsync(alert.AlertId)).Select(t => t.Message));
        Assert.Single((await _store.QueryAlertsAsync(new AlertQuery { From = alert.CreatedAt.AddDays(-1), To = alert.CreatedAt.AddDays(1) })).Items, a => a.AlertId == alert.AlertId);
    }

    [Fact]
    public async Task UpdateAlertAsync_WithNoteAndDelivery_WritesAllThree_AndCutsAVendorsOversizedAnswer()
    {
        AlertRecord alert = Alert("ecs-update-batch");
        await _store.OpenAlertAsync(alert);
        var delivery = new DeliveryRecord(alert.AlertId, 1, "webhook", "webhook:tier1", 1, "delivered", alert.CreatedAt) { Round = 1 };

        await _store.UpdateAlertAsync(alert.AlertId, a => a with { TierReached = 1 }, new TimelineEntry(alert.CreatedAt, TimelineKinds.Notified, "tier 1 notified", 1, "webhook"), delivery);
        Assert.Equal(1, (await _store.GetAlertAsync(alert.AlertId))!.TierReached);
        Assert.Equal(["tier 1 notified"], (await _store.GetTimelineAsync(alert.AlertId)).Select(t => t.Message));
        Assert.Equal("delivered", (await _store.GetDeliveryAsync(alert.AlertId, 1, 1, "webhook", "webhook:tier1"))!.LastResult);

        // A vendor's oversized answer is cut to fit, never allowed to fail the write.
        await _store.UpdateAlertAsync(alert.AlertId, a => a, null, delivery with { Tier = 3, ExternalRef = new string('x', 1_100_000) });
        Assert.InRange((await _store.GetDeliveryAsync(alert.AlertId, 3, 1, "webhook", "webhook:tier1"))!.ExternalRef!.Length, 1, Core.Limits.TextChars);

        // A delivery of another alert is refused before anything is written.
        await Assert.ThrowsAsync<ArgumentException>(() => _store.UpdateAlertAsync(alert.AlertId, a => a, null, delivery with { AlertId = "ecs-other" }));
    }

    [Fact]
    public async Task UpdateAlertAsync_ConcurrentWriters_NeitherUpdateIsLost()
    {
        AlertRecord alert = Alert("ecs-concurrent");
        await _store.OpenAlertAsync(alert);

        // Twenty writers each raise the tier to their own number; with optimistic concurrency the
        // highest always survives (a last-writer-wins store would keep whichever wrote last).
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            _store.UpdateAlertAsync(alert.AlertId, a => a with { TierReached = Math.Max(a.TierReached, i) })));
        await _store.UpdateAlertAsync(alert.AlertId, a => a with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "x" });

        AlertRecord stored = (await _store.GetAlertAsync(alert.AlertId))!;
        Assert.Equal((20, AlertStatus.Acknowledged), (stored.TierReached, stored.Status));
    }

    [Fact]
    public async Task UpdateAlertAsync_ConcurrentWritersWithNotes_EachNoteLandsOnceWithItsUpdate()
    {
        AlertRecord alert = Alert("ecs-concurrent-notes");
        await _store.OpenAlertAsync(alert);

        // The transaction path: a writer that loses the ETag race re-reads and re-sends its whole
        // transaction; its note must land exactly once, and no update may be lost.
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            _store.UpdateAlertAsync(alert.AlertId, a => a with { TierReached = Math.Max(a.TierReached, i), ChangeCount = a.ChangeCount + 1 },
                new TimelineEntry(alert.CreatedAt.AddSeconds(i), TimelineKinds.Notified, $"writer {i}", i, "webhook"))));

        AlertRecord stored = (await _store.GetAlertAsync(alert.AlertId))!;
        Assert.Equal((20, alert.ChangeCount + 20), (stored.TierReached, stored.ChangeCount));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"writer {i}"), (await _store.GetTimelineAsync(alert.AlertId)).Select(t => t.Message));
    }

    [Fact]
    public async Task TryConsumeTokenAsync_SecondUse_IsRefused()
    {
        Assert.True(await _store.TryConsumeTokenAsync("ecs-t", "nonce-1"));
        Assert.False(await _store.TryConsumeTokenAsync("ecs-t", "nonce-1"));
        Assert.True(await _store.TryConsumeTokenAsync("ecs-t", "nonce-2"));
    }

    [Fact]
    public async Task Timeline_ComesBackInOrder_AndExcludesTokenRows()
    {
        var t0 = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        await _store.OpenAlertAsync(Alert("ecs-timeline"));
        await _store.AppendTimelineAsync("ecs-timeline", new TimelineEntry(t0.AddSeconds(2), TimelineKinds.Notified, "second", 1, "webhook"));
        await _store.AppendTimelineAsync("ecs-timeline", new TimelineEntry(t0, TimelineKinds.Opened, "first"));
        await _store.TryConsumeTokenAsync("ecs-timeline", "n");

        IReadOnlyList<TimelineEntry> timeline = await _store.GetTimelineAsync("ecs-timeline");
        Assert.Equal(["first", "second"], timeline.Select(t => t.Message));
        Assert.Equal((1, "webhook"), (timeline[1].Tier, timeline[1].Channel));
    }

    private static AlertRecord Alert(string id) => new()
    {
        AlertId = id,
        EventId = id,
        EventName = "DeleteService",
        Title = "High: DeleteService by ops/alice",
        Severity = Severity.High,
        Status = AlertStatus.Open,
        CreatedAt = DateTimeOffset.UtcNow,
        EventTime = DateTimeOffset.UtcNow,
    };
}
