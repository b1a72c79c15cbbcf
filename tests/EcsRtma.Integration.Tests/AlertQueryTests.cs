using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Http.Acknowledge;
using EcsRtma.Http.Api;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsRtma.Integration.Tests;

/// <summary>The listing queries on Azurite: filters, paging across day partitions, the index following updates, groups, retention, and the API's checks.</summary>
public sealed class AlertQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly TableAlertStore _store = new(new TableServiceClient(Emulators.StorageConnectionString), "Q" + Guid.NewGuid().ToString("N")[..10], new FixedTime(Now));

    public async Task InitializeAsync()
    {
        await _store.EnsureCreatedAsync();

        // 12 alerts over 4 days: severities, accounts and clusters cycle.
        for (int i = 0; i < 12; i++)
        {
            await _store.OpenAlertAsync(new AlertRecord
            {
                AlertId = $"ecs-a{i:D2}",
                EventId = $"e{i}",
                EventName = "UpdateService",
                Title = $"alert {i}",
                Severity = (Severity)(1 + (i % 4)),
                Status = AlertStatus.Open,
                CreatedAt = Now.AddHours(-8 * i),
                EventTime = Now.AddHours(-8 * i),
                AccountId = i % 2 == 0 ? "111122223333" : "444455556666",
                Cluster = i % 3 == 0 ? "prod" : "dev",
            });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task QueryAlerts_PagesNewestFirstAcrossDays_WithoutGapsOrRepeats()
    {
        var seen = new List<string>();
        string? continuation = null;
        int pages = 0;
        do
        {
            Listing<AlertRecord> page = await _store.QueryAlertsAsync(new AlertQuery { Limit = 5, Continuation = continuation });
            seen.AddRange(page.Items.Select(a => a.AlertId));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"ecs-a{i:D2}"), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task QueryAlerts_Filters_AreAppliedTogether()
    {
        Listing<AlertRecord> prodAccount1 = await _store.QueryAlertsAsync(new AlertQuery { AccountId = "111122223333", Cluster = "prod", Limit = 50 });
        Assert.Equal(["ecs-a00", "ecs-a06"], prodAccount1.Items.Select(a => a.AlertId));

        Listing<AlertRecord> highOrWorse = await _store.QueryAlertsAsync(new AlertQuery { MinSeverity = Severity.High, Limit = 50 });
        Assert.All(highOrWorse.Items, a => Assert.True(a.Severity >= Severity.High));
        Assert.Equal(6, highOrWorse.Items.Count);

        Listing<AlertRecord> window = await _store.QueryAlertsAsync(new AlertQuery { From = Now.AddHours(-30), To = Now.AddHours(-10), Limit = 50 });
        Assert.Equal(["ecs-a02", "ecs-a03"], window.Items.Select(a => a.AlertId));
    }

    [Fact]
    public async Task QueryAlerts_StatusFilter_FollowsUpdates()
    {
        await _store.UpdateAlertAsync("ecs-a01", a => a with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "x" });
        await _store.UpdateAlertAsync("ecs-a04", a => a with { Status = AlertStatus.Resolved, ClosedAt = Now });

        Assert.Equal(["ecs-a01"], (await _store.QueryAlertsAsync(new AlertQuery { Status = AlertStatus.Acknowledged })).Items.Select(a => a.AlertId));
        Assert.Equal(["ecs-a04"], (await _store.QueryAlertsAsync(new AlertQuery { Status = AlertStatus.Resolved })).Items.Select(a => a.AlertId));
        Assert.Equal(10, (await _store.QueryAlertsAsync(new AlertQuery { Status = AlertStatus.Open })).Items.Count);
    }

    [Fact]
    public async Task QueryChanges_IncludesSuppressedAndIgnored_FilteredByOutcome()
    {
        await _store.RecordChangeAsync(Change("c1", "UpdateService", -1), Verdict("c1", Outcome.Alert), "ecs-a00");
        await _store.RecordChangeAsync(Change("c2", "RegisterTaskDefinition", -2), Verdict("c2", Outcome.Suppressed) with { SuppressedBy = "terraform-dev" });
        await _store.RecordChangeAsync(Change("c3", "ListClusters", -3), Verdict("c3", Outcome.Ignored));
        await _store.RecordChangeAsync(Change("c3", "ListClusters", -3), Verdict("c3", Outcome.Ignored)); // a duplicate delivery: still one row

        Assert.Equal(["c1", "c2", "c3"], (await _store.QueryChangesAsync(new ChangeQuery())).Items.Select(c => c.EventId));
        ChangeSummary suppressed = Assert.Single((await _store.QueryChangesAsync(new ChangeQuery { Outcome = Outcome.Suppressed })).Items);
        Assert.Equal("terraform-dev", suppressed.SuppressedBy);
        Assert.Equal(["c1"], (await _store.QueryChangesAsync(new ChangeQuery { EventName = "UpdateService" })).Items.Select(c => c.EventId));
        Assert.Equal("ecs-a00", (await _store.QueryChangesAsync(new ChangeQuery { Outcome = Outcome.Alert })).Items[0].AlertId);
    }

    [Fact]
    public async Task Groups_TwoWritersRaceForOneKey_OnlyOneWins()
    {
        var contenders = Enumerable.Range(0, 8).Select(i => _store.TrySetGroupAsync(new AlertGroup("k1", $"ecs-g{i}", Now, Severity.Medium))).ToList();
        bool[] won = await Task.WhenAll(contenders);
        Assert.Equal(1, won.Count(w => w));

        AlertGroup current = (await _store.GetGroupAsync("k1"))!;
        Assert.True(await _store.TrySetGroupAsync(current with { AlertId = "ecs-next" }));
        Assert.False(await _store.TrySetGroupAsync(current with { AlertId = "ecs-stale" })); // its ETag is gone
        Assert.Equal("ecs-next", (await _store.GetGroupAsync("k1"))!.AlertId);
    }

    [Fact]
    public async Task Purge_DeletesOldClosedAlertsWithTheirRows_KeepsOpenOnesAndRecentOnes()
    {
        await _store.AppendTimelineAsync("ecs-a09", new TimelineEntry(Now, TimelineKinds.Notified, "x"));
        await _store.UpdateAlertAsync("ecs-a09", a => a with { Status = AlertStatus.Resolved, ClosedAt = Now.AddDays(-3) });
        await _store.UpdateAlertAsync("ecs-a01", a => a with { Status = AlertStatus.Resolved, ClosedAt = Now });

        int deleted = await _store.PurgeAsync(Now.AddDays(-2));

        Assert.True(deleted >= 3, $"deleted {deleted}");
        Assert.Null(await _store.GetAlertAsync("ecs-a09"));
        Assert.Empty(await _store.GetTimelineAsync("ecs-a09"));
        Assert.NotNull(await _store.GetAlertAsync("ecs-a10")); // old but still open
        Assert.NotNull(await _store.GetAlertAsync("ecs-a01")); // closed but recent
        Assert.DoesNotContain((await _store.QueryAlertsAsync(new AlertQuery { Limit = 50 })).Items, a => a.AlertId == "ecs-a09");
    }

    [Fact]
    public async Task ShortLinks_ResolveUntilTheyExpire()
    {
        var target = new Uri("https://ecsrtma.example/api/ack/ecs-a00?token=t");
        await _store.SaveShortLinkAsync("Ab3dE6gH9jKm", target, Now.AddHours(1));
        await _store.SaveShortLinkAsync("expired00000", target, Now.AddSeconds(-1));

        Assert.Equal(target, await _store.ResolveShortLinkAsync("Ab3dE6gH9jKm"));
        Assert.Null(await _store.ResolveShortLinkAsync("expired00000"));
        Assert.Null(await _store.ResolveShortLinkAsync("unknown00000"));
        Assert.Null(await _store.ResolveShortLinkAsync("../../etc/passwd"));
    }

    [Theory]
    [InlineData("status", "sleeping", "status: 'sleeping' is not one of open, acknowledged, unacknowledged, resolved")]
    [InlineData("severity", "4", "severity: '4' is not one of")]
    [InlineData("from", "yesterday", "from: 'yesterday' is not an ISO 8601 time")]
    [InlineData("limit", "5000", "limit: '5000' must be a whole number from 1 to 200")]
    [InlineData("continuation", "bm9wZQ==", "continuation: not a continuation token returned by this API")]
    public async Task Api_BadQueryParameter_Is400NamingIt(string name, string value, string message)
    {
        var api = new AlertApi(_store, _store, _store, new AcknowledgeService(new AckTokenService(new byte[32], TimeProvider.System), _store, _store, TimeProvider.System, NullLogger<AcknowledgeService>.Instance));
        ApiResult result = await api.ListAlertsAsync(n => n == name ? value : null);
        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith(message, Assert.IsType<ApiError>(result.Body).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_GetAlert_ReturnsChangesTimelineAndDeliveries_Or404()
    {
        var api = new AlertApi(_store, _store, _store, new AcknowledgeService(new AckTokenService(new byte[32], TimeProvider.System), _store, _store, TimeProvider.System, NullLogger<AcknowledgeService>.Instance));
        await _store.AttachChangeAsync("ecs-a02", ChangeSummary.From(Verdict("e2", Outcome.Alert), Now, "ecs-a02"));
        await _store.AppendTimelineAsync("ecs-a02", new TimelineEntry(Now, TimelineKinds.Opened, "opened"));
        await _store.RecordDeliveryAsync(new DeliveryRecord("ecs-a02", 1, "webhook", "webhook:tier1", 1, "delivered", Now, "msg_1"));

        AlertDetail detail = Assert.IsType<AlertDetail>((await api.GetAlertAsync("ecs-a02")).Body);
        Assert.Equal(("ecs-a02", 1, 1, "msg_1"), (detail.Alert.AlertId, detail.Changes.Count, detail.Timeline.Count, detail.Deliveries.Single().ExternalRef));
        Assert.Equal(404, (await api.GetAlertAsync("ecs-nope")).StatusCode);
    }

    [Fact]
    public async Task GetDelivery_PointReadsOneDelivery_NullWhenNotRecorded()
    {
        await _store.RecordDeliveryAsync(new DeliveryRecord("ecs-d01", 1, "email", "a@example.com", 2, "failed: 503", Now) { Round = 2 });
        await _store.RecordDeliveryAsync(new DeliveryRecord("ecs-d01", 1, "email", "b@example.com", 1, "delivered", Now, "m-b") { Round = 2 });

        DeliveryRecord? a = await _store.GetDeliveryAsync("ecs-d01", 1, 2, "email", "a@example.com");
        Assert.Equal((2, "failed: 503", 2), (a?.Attempts, a?.LastResult, a?.Round));
        Assert.Equal("m-b", (await _store.GetDeliveryAsync("ecs-d01", 1, 2, "email", "b@example.com"))?.ExternalRef);
        Assert.Null(await _store.GetDeliveryAsync("ecs-d01", 1, 1, "email", "a@example.com")); // other round
        Assert.Null(await _store.GetDeliveryAsync("ecs-d01", 2, 2, "email", "a@example.com")); // other tier
        Assert.Null(await _store.GetDeliveryAsync("ecs-nope", 1, 2, "email", "a@example.com"));
    }

    private static CloudTrailEvent Change(string id, string name, int hours) => Some.Change(name, id) with { EventTime = Now.AddHours(hours) };

    private static Verdict Verdict(string id, Outcome outcome) => new()
    {
        EventId = id,
        EventName = "UpdateService",
        Outcome = outcome,
        Severity = outcome == Outcome.Alert ? Severity.Medium : null,
        Actor = new Actor(ActorType.AssumedRole, "arn:aws:sts::111122223333:assumed-role/ops/alice", "ops/alice", CallVia.Cli, null, null),
        Reasons = ["r"],
        Title = "t",
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
