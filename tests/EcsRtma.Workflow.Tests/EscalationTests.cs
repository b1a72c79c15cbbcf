using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Testing;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Workflow.Tests;

/// <summary>Escalation policies in the real orchestration: resolve, repeats, exhaustion, quiet hours, grouping, recipients, failing channels.</summary>
public sealed class EscalationTests(WorkflowHostFixture fixture) : IClassFixture<WorkflowHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DeliveryRetry FastRetry = new(2, TimeSpan.FromSeconds(1)) { MaxInterval = TimeSpan.FromSeconds(2) };

    private DurableTaskClient Client => fixture.Host.Client;

    [Fact]
    public async Task Resolve_WhileEscalating_ClosesTheAlertAndIsReflectedInTheChannel()
    {
        string id = await StartAsync(Some.Change("DeleteService"), Some.Escalation(TimeSpan.FromSeconds(30)));
        await fixture.Channel.WaitForTierAsync(id, 1, Patience);

        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("alice", DateTimeOffset.UtcNow, "rolled back"));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Resolved, "alice", (string?)null), (result.Status, result.ResolvedBy, result.AcknowledgedBy));
        AlertRecord alert = (await fixture.Store.GetAlertAsync(id))!;
        Assert.Equal((AlertStatus.Resolved, "alice"), (alert.Status, alert.ResolvedBy));
        Assert.NotNull(alert.ClosedAt);
        Assert.Contains(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.Resolved && t.Message.Contains("rolled back", StringComparison.Ordinal));
        Assert.Contains(fixture.Channel.Reflected, r => r.AlertId == id && r.Status == AlertStatus.Resolved && r.ExternalRef == $"webhook-{id}-1");
    }

    [Fact]
    public async Task AckThenResolve_KeepsBothAnswersOnTheAlert()
    {
        string id = await StartAsync(Some.Change("UpdateService"), Some.Escalation(TimeSpan.FromSeconds(30)), autoClose: TimeSpan.FromSeconds(30));
        await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("bob", DateTimeOffset.UtcNow));
        await WaitForAsync(async () => (await fixture.Store.GetAlertAsync(id))!.Status == AlertStatus.Acknowledged);

        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("carol", DateTimeOffset.UtcNow, "fixed"));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Resolved, "bob", "carol"), (result.Status, result.AcknowledgedBy, result.ResolvedBy));
        AlertRecord alert = (await fixture.Store.GetAlertAsync(id))!;
        Assert.Equal(("bob", "carol"), (alert.AcknowledgedBy, alert.ResolvedBy));
        Assert.Equal([AlertStatus.Acknowledged, AlertStatus.Resolved], fixture.Channel.Reflected.Where(r => r.AlertId == id).Select(r => r.Status));
    }

    [Fact]
    public async Task Repeat_WalksTheLadderAgain_ThenExhaustionOpensTheTicket_AndALateAckStillCounts()
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        set.Policies[0].Repeat = 1;
        set.Policies[0].OnExhausted.Channels = ["ticket"];
        string id = await StartAsync(Some.Change("DeleteCluster"), set, autoClose: TimeSpan.FromSeconds(30));

        await fixture.Ticket.WaitForTierAsync(id, 3, Patience);
        await WaitForAsync(async () => (await fixture.Store.GetAlertAsync(id))!.Status == AlertStatus.Unacknowledged);
        Assert.Equal([1, 2, 1, 2], fixture.Channel.Sent.Where(n => n.AlertId == id).Select(n => n.Tier));

        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("late@example.com", DateTimeOffset.UtcNow));
        await WaitForAsync(async () => (await fixture.Store.GetAlertAsync(id))!.Status == AlertStatus.Acknowledged);
        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("late@example.com", DateTimeOffset.UtcNow));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Resolved, "late@example.com"), (result.Status, result.AcknowledgedBy));
        string[] kinds = [.. (await fixture.Store.GetTimelineAsync(id)).Select(t => t.Kind)];
        Assert.Equal(3, kinds.Count(k => k == TimelineKinds.Escalated));
        Assert.Equal(1, kinds.Count(k => k == TimelineKinds.Exhausted));
        Assert.Contains((await fixture.Store.GetTimelineAsync(id)), t => t.Kind == TimelineKinds.Exhausted && t.Message.Contains("2 rounds", StringComparison.Ordinal) && t.Message.Contains("ticket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuietHours_DeferLowSeverity_WithTheDeadlineInCustomStatus_AndAnAckDuringTheWaitStopsIt()
    {
        string id = await StartAsync(Some.Change("TagResource"), QuietEverywhere());

        EscalationStatus status = await CustomStatusAsync(id);
        Assert.Equal((EscalationPhases.Deferred, 0), (status.Phase, status.Tier));
        Assert.True(status.DeadlineUtc > DateTime.UtcNow.AddMinutes(1), $"deferred only until {status.DeadlineUtc:u}");
        await WaitForAsync(async () => (await fixture.Store.GetTimelineAsync(id)).Any(t => t.Kind == TimelineKinds.Deferred));
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id);

        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("night-owl", DateTimeOffset.UtcNow));
        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Acknowledged, 0), (result.Status, result.TierReached));
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id);
    }

    [Fact]
    public async Task QuietHours_NeverDeferCritical()
    {
        string id = await StartAsync(Some.Change("DeleteCluster", identityType: "Root"), QuietEverywhere());

        await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        Assert.Equal(Severity.Critical, (await fixture.Store.GetAlertAsync(id))!.Severity);
        Assert.DoesNotContain(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.Deferred);
        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
        await CompletedAsync(id);
    }

    [Fact]
    public async Task Grouping_ABurstBySamePrincipalOnSameCluster_BecomesOneAlertWithACount()
    {
        string cluster = "burst-" + Guid.NewGuid().ToString("N")[..6];
        EscalationPolicySet set = Grouped(TimeSpan.FromMinutes(10));
        string first = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 0), set);
        await fixture.Channel.WaitForTierAsync(first, 1, Patience);

        string second = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 30), set);
        string third = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 90), set);
        ChangeResult r2 = await CompletedAsync(second);
        ChangeResult r3 = await CompletedAsync(third);

        Assert.Equal((true, first), (r2.Joined, r2.AlertId));
        Assert.Equal((true, first), (r3.Joined, r3.AlertId));
        Assert.Equal(3, (await fixture.Store.GetAlertAsync(first))!.ChangeCount);
        Assert.Equal(3, (await fixture.Store.GetAlertChangesAsync(first)).Count);
        Assert.Null(await fixture.Store.GetAlertAsync(second));
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == first);
        Assert.Equal(2, (await fixture.Store.GetTimelineAsync(first)).Count(t => t.Kind == TimelineKinds.Joined));
        await Client.RaiseEventAsync(first, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
        await CompletedAsync(first);
    }

    [Fact]
    public async Task Grouping_NeverMergesOtherClustersOtherPrincipalsMoreSevereChangesOrChangesOutsideTheWindow()
    {
        string cluster = "burst-" + Guid.NewGuid().ToString("N")[..6];
        EscalationPolicySet set = Grouped(TimeSpan.FromMinutes(5));
        string leader = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 0), set);
        await fixture.Channel.WaitForTierAsync(leader, 1, Patience);

        CloudTrailEvent otherPrincipal = OnCluster(Some.Change("UpdateService"), cluster, 10);
        otherPrincipal = otherPrincipal with { UserIdentity = otherPrincipal.UserIdentity! with { Arn = "arn:aws:sts::111122223333:assumed-role/ops/mallory" } };
        string[] separate =
        [
            await StartAsync(OnCluster(Some.Change("UpdateService"), cluster + "-b", 10), set),
            await StartAsync(otherPrincipal, set),
            await StartAsync(OnCluster(Some.Change("DeleteCluster"), cluster, 20), set), // High > Medium: never hidden in a milder alert
            await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 600), set),
        ];

        foreach (string id in separate)
        {
            await fixture.Channel.WaitForTierAsync(id, 1, Patience);
            Assert.Equal(1, (await fixture.Store.GetAlertAsync(id))!.ChangeCount);
            await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
        }

        Assert.Equal(1, (await fixture.Store.GetAlertAsync(leader))!.ChangeCount);
        await Client.RaiseEventAsync(leader, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
        foreach (string id in separate.Append(leader))
        {
            Assert.Equal(AlertStatus.Resolved, (await CompletedAsync(id)).Status);
        }
    }

    [Fact]
    public async Task Grouping_Off_EveryChangeIsItsOwnAlert()
    {
        string cluster = "burst-" + Guid.NewGuid().ToString("N")[..6];
        EscalationPolicySet set = Grouped(TimeSpan.Zero);
        string a = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 0), set);
        string b = await StartAsync(OnCluster(Some.Change("UpdateService"), cluster, 5), set);
        await fixture.Channel.WaitForTierAsync(a, 1, Patience);
        await fixture.Channel.WaitForTierAsync(b, 1, Patience);
        foreach (string id in new[] { a, b })
        {
            await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
            Assert.False((await CompletedAsync(id)).Joined);
        }
    }

    [Fact]
    public async Task PerRecipientChannel_SendsOneCopyPerPersonIncludingGroupMembers_EachWithItsOwnLinks()
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.Policies[0].Tiers[0].Channels = ["mail", "webhook"];
        set.Policies[0].Tiers[0].Recipients = ["oncall@contoso.example", "dana@contoso.example"];
        set.Policies[0].Tiers[0].Groups = [WorkflowHostFixture.Groups.Platform];
        string id = await StartAsync(Some.Change("DeleteService"), set);
        await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        await WaitForAsync(() => Task.FromResult(fixture.Mail.Sent.Count(n => n.AlertId == id) == 3));

        AlertNotification[] mails = [.. fixture.Mail.Sent.Where(n => n.AlertId == id)];
        Assert.Equal(["dana@contoso.example", "eve@contoso.example", "oncall@contoso.example"], mails.Select(m => m.Person!.Email).Order(StringComparer.Ordinal));
        Assert.Equal(3, mails.Select(m => m.AcknowledgeUrl).Distinct().Count());
        foreach (AlertNotification mail in mails)
        {
            Assert.Equal(AckTokenError.None, fixture.Tokens.Verify(Token(mail.AcknowledgeUrl), id, out AckClaims? ack));
            Assert.Equal((mail.Person!.Email, AckActions.Acknowledge), (ack!.Recipient, ack.Action));
            Assert.Equal(AckTokenError.None, fixture.Tokens.Verify(Token(mail.ResolveUrl!), id, out AckClaims? resolve));
            Assert.Equal(AckActions.Resolve, resolve!.Action);
        }

        await WaitForAsync(async () => (await fixture.Store.GetDeliveriesAsync(id)).Count(d => d.LastResult == "delivered") == 4);
        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("x", DateTimeOffset.UtcNow));
        await CompletedAsync(id);
    }

    [Fact]
    public async Task FailingChannelInATier_DoesNotStopTheOthers_IsRetriedUntilTheAlertIsAcknowledged_ThenStops()
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.Policies[0].Tiers[0].Channels = ["broken", "chat", "webhook"];
        set.AutoCloseAfter = TimeSpan.FromMinutes(1);
        string id = await StartAsync(Some.Change("DeleteService"), set);

        await fixture.Chat.WaitForTierAsync(id, 1, Patience);
        await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        // Owned, not failed: past the two attempts that used to end it, the broken channel is still tried.
        await WaitForAsync(async () => (await fixture.Store.GetDeliveriesAsync(id)).SingleOrDefault(d => d.Channel == "broken")?.Attempts >= 3);
        TimelineEntry pending = (await fixture.Store.GetTimelineAsync(id)).Single(t => t.Kind == TimelineKinds.Undelivered);
        Assert.Equal(("broken", 1), (pending.Channel, pending.Tier));
        Assert.DoesNotContain(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.DeliveryFailed);
        Assert.StartsWith("failed:", (await fixture.Store.GetDeliveriesAsync(id)).Single(d => d.Channel == "broken").LastResult, StringComparison.Ordinal);

        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("y", DateTimeOffset.UtcNow));
        await WaitForAsync(async () => (await fixture.Store.GetAlertAsync(id))?.Status == AlertStatus.Acknowledged);
        int attemptsAtAck = (await fixture.Store.GetDeliveriesAsync(id)).Single(d => d.Channel == "broken").Attempts;
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than two retry intervals
        Assert.InRange((await fixture.Store.GetDeliveriesAsync(id)).Single(d => d.Channel == "broken").Attempts, attemptsAtAck, attemptsAtAck + 1); // at most one in flight

        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("y", DateTimeOffset.UtcNow));
        Assert.Equal(AlertStatus.Resolved, (await CompletedAsync(id)).Status);
    }

    [Fact]
    public async Task ShortLinkChannel_GetsAShortLinkThatResolvesToTheRecipientsSignedLink()
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.Policies[0].Tiers[0].Channels = ["text"];
        set.Policies[0].Tiers[0].Recipients = ["+15550100"];
        string id = await StartAsync(Some.Change("DeleteService"), set);

        AlertNotification sms = await fixture.Text.WaitForTierAsync(id, 1, Patience);

        Assert.Matches(@"^https://ecsrtma\.example/api/s/[0-9A-Za-z]{12}$", sms.ShortAcknowledgeUrl!.ToString());
        Uri? target = await fixture.Store.ResolveShortLinkAsync(sms.ShortAcknowledgeUrl.Segments[^1]);
        Assert.Equal(sms.AcknowledgeUrl, target);
        Assert.Equal(AckTokenError.None, fixture.Tokens.Verify(Token(target!), id, out AckClaims? claims));
        Assert.Equal("+15550100", claims!.Recipient);
        Assert.Null(await fixture.Store.ResolveShortLinkAsync("notacode0000"));
        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("z", DateTimeOffset.UtcNow));
        await CompletedAsync(id);
    }

    [Fact]
    public async Task ChannelThatKeepsFailing_FallsBackToTheNextChannelOfTheTier()
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.Policies[0].Tiers[0].Channels = ["broken"];
        set.Policies[0].Tiers[0].Fallback = ["broken", "chat", "webhook"];
        string id = await StartAsync(Some.Change("DeleteService"), set);

        await fixture.Chat.WaitForTierAsync(id, 1, Patience);
        await WaitForAsync(async () => (await fixture.Store.GetTimelineAsync(id)).Any(t => t.Kind == TimelineKinds.Notified));
        string[] kinds = [.. (await fixture.Store.GetTimelineAsync(id)).Select(t => t.Kind)];
        // The broken channel is not given up on: after its attempts the fallback starts beside it.
        Assert.Equal([TimelineKinds.Opened, TimelineKinds.Undelivered, TimelineKinds.Fallback, TimelineKinds.Notified], kinds.Take(4));
        // Once the fallback delivered, the broken channel is no longer retried, and the alert says nothing is pending.
        await WaitForAsync(async () => (await fixture.Store.GetTimelineAsync(id)).Any(t => t.Message.Contains("broken no longer retried", StringComparison.Ordinal)));
        Assert.Null((await fixture.Store.GetAlertAsync(id))!.Undelivered);
        Assert.Contains("broken not delivered after 2 attempts: falling back to chat", (await fixture.Store.GetTimelineAsync(id))[2].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id); // chat delivered: webhook was not needed

        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("z", DateTimeOffset.UtcNow));
        await CompletedAsync(id);
    }

    private static EscalationPolicySet QuietEverywhere()
    {
        // Working hours one minute long, on one weekday that is not today (UTC): now is always outside them.
        DayOfWeek notToday = (DayOfWeek)(((int)DateTime.UtcNow.DayOfWeek + 3) % 7);
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.Routes = [new EscalationRoute { Name = "office", Policy = "default", QuietHours = new QuietHours { TimeZone = "Europe/Berlin", WorkingDays = [notToday], Start = "09:00", End = "09:01" } }];
        return set;
    }

    private static EscalationPolicySet Grouped(TimeSpan window)
    {
        EscalationPolicySet set = Some.Escalation(TimeSpan.FromSeconds(30));
        set.GroupingWindow = window;
        return set;
    }

    private static CloudTrailEvent OnCluster(CloudTrailEvent change, string cluster, int secondsLater) => change with
    {
        Cluster = cluster,
        EventTime = change.EventTime.AddSeconds(secondsLater),
    };

    private static string Token(Uri link) => Uri.UnescapeDataString(link.Query.Split("token=")[1]);

    private async Task<string> StartAsync(CloudTrailEvent change, EscalationPolicySet set, TimeSpan? autoClose = null)
    {
        if (autoClose is { } close)
        {
            set.AutoCloseAfter = close;
        }

        string id = InstanceIds.ForEvent(change.EventId);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), TestInputs.For(change, set, FastRetry), new StartOrchestrationOptions(id));
        return id;
    }

    private async Task<ChangeResult> CompletedAsync(string id)
    {
        using var cts = new CancellationTokenSource(Patience);
        OrchestrationMetadata meta = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        return meta.ReadOutputAs<ChangeResult>()!;
    }

    private async Task<EscalationStatus> CustomStatusAsync(string id)
    {
        EscalationStatus? status = null;
        await WaitForAsync(async () => (status = (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<EscalationStatus>()) is not null);
        return status!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(100, cts.Token);
        }
    }
}
