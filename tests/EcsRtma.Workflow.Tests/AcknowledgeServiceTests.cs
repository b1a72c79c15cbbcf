using EcsRtma.Core.Alerts;
using EcsRtma.Http.Acknowledge;
using EcsRtma.Http.Api;
using EcsRtma.Testing;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsRtma.Workflow.Tests;

/// <summary>The acknowledgement link against the real orchestration: every token attack is refused and recorded.</summary>
public sealed class AcknowledgeServiceTests(WorkflowHostFixture fixture) : IClassFixture<WorkflowHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private AcknowledgeService Service => new(fixture.Tokens, fixture.Store, fixture.Store, TimeProvider.System, NullLogger<AcknowledgeService>.Instance);

    [Fact]
    public async Task AcknowledgeAsync_ValidLink_StopsEscalation_ThenReplayAndLateAcksChangeNothing()
    {
        (string id, string token) = await StartAndGetLinkAsync();

        AckResponse preview = await Service.PreviewAsync(id, token);
        Assert.Equal(200, preview.StatusCode);
        Assert.Equal(AlertStatus.Open, (await fixture.Store.GetAlertAsync(id))!.Status);

        AckResponse first = await Service.AcknowledgeAsync(fixture.Host.Client, id, token, "looking");
        Assert.Equal(202, first.StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);

        AckResponse replay = await Service.AcknowledgeAsync(fixture.Host.Client, id, token, null);
        Assert.Equal(409, replay.StatusCode);
        Assert.Contains("already acknowledged by webhook:tier1", replay.Message, StringComparison.Ordinal);

        Assert.Equal(202, (await Service.ApplyAsync(fixture.Host.Client, id, AckActions.Resolve, "alice", null, "api")).StatusCode);
        OrchestrationMetadata done = await CompletedAsync(id);
        Assert.Equal(("webhook:tier1", "alice"), (done.ReadOutputAs<ChangeResult>()!.AcknowledgedBy, done.ReadOutputAs<ChangeResult>()!.ResolvedBy));

        string fresh = fixture.Tokens.Issue(id, "someone-else", "ack", DateTimeOffset.UtcNow.AddHours(1));
        AckResponse late = await Service.AcknowledgeAsync(fixture.Host.Client, id, fresh, null);
        Assert.Equal(409, late.StatusCode);
        Assert.Contains("already closed (Resolved by alice)", late.Message, StringComparison.Ordinal);
        Assert.Equal("webhook:tier1", (await fixture.Store.GetAlertAsync(id))!.AcknowledgedBy);
    }

    [Fact]
    public async Task AcknowledgeAsync_SameLinkTwiceWhileOpen_SecondIsRefusedAsUsed()
    {
        (string id, string token) = await StartAndGetLinkAsync();
        // Spend the nonce as a concurrent click would, without raising the event yet.
        fixture.Tokens.Verify(token, id, out AckClaims? claims);
        Assert.True(await fixture.Store.TryConsumeTokenAsync(id, claims!.Nonce));

        AckResponse second = await Service.AcknowledgeAsync(fixture.Host.Client, id, token, null);
        Assert.Equal(409, second.StatusCode);
        Assert.Contains("already been used", second.Message, StringComparison.Ordinal);
        Assert.Contains(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.TokenRefused && t.Message.Contains("already used", StringComparison.Ordinal));
        await CleanUpAsync(id);
    }

    [Fact]
    public async Task AcknowledgeAsync_TokenAttacks_AreRefusedWithSpecificStatusesAndRecorded()
    {
        (string id, string token) = await StartAndGetLinkAsync();
        string expired = fixture.Tokens.Issue(id, "r", "ack", DateTimeOffset.UtcNow.AddSeconds(-1));
        string otherAlert = fixture.Tokens.Issue("ecs-some-other-alert", "r", "ack", DateTimeOffset.UtcNow.AddHours(1));
        string forged = new AckTokenService(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), TimeProvider.System).Issue(id, "mallory", "ack", DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(410, (await Service.AcknowledgeAsync(fixture.Host.Client, id, expired, null)).StatusCode);
        Assert.Equal(403, (await Service.AcknowledgeAsync(fixture.Host.Client, id, otherAlert, null)).StatusCode);
        Assert.Equal(403, (await Service.AcknowledgeAsync(fixture.Host.Client, id, forged, null)).StatusCode);
        Assert.Equal(400, (await Service.AcknowledgeAsync(fixture.Host.Client, id, "garbage", null)).StatusCode);
        Assert.Equal(400, (await Service.AcknowledgeAsync(fixture.Host.Client, id, null, null)).StatusCode);

        Assert.Equal(AlertStatus.Open, (await fixture.Store.GetAlertAsync(id))!.Status);
        Assert.Equal(5, (await fixture.Store.GetTimelineAsync(id)).Count(t => t.Kind == TimelineKinds.TokenRefused));

        // The genuine link still works after the attacks.
        Assert.Equal(202, (await Service.AcknowledgeAsync(fixture.Host.Client, id, token, null)).StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        await CleanUpAsync(id);
    }

    [Fact]
    public async Task ResolveLink_ClosesTheAlert_AndASecondAckLinkOnAnAcknowledgedAlertIsRefused()
    {
        (string id, string token) = await StartAndGetLinkAsync();
        Assert.Equal(202, (await Service.AcknowledgeAsync(fixture.Host.Client, id, token, null)).StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);

        string anotherAck = fixture.Tokens.Issue(id, "bob", AckActions.Acknowledge, DateTimeOffset.UtcNow.AddHours(1));
        AckResponse again = await Service.AcknowledgeAsync(fixture.Host.Client, id, anotherAck, null);
        Assert.Equal(409, again.StatusCode);
        Assert.Contains("already acknowledged by webhook:tier1", again.Message, StringComparison.Ordinal);

        string resolve = fixture.Tokens.Issue(id, "bob", AckActions.Resolve, DateTimeOffset.UtcNow.AddHours(1));
        AckResponse preview = await Service.PreviewAsync(id, resolve);
        Assert.Equal((200, AckActions.Resolve), (preview.StatusCode, preview.Action));
        Assert.StartsWith("Resolve alert:", preview.Message, StringComparison.Ordinal);
        Assert.Equal(202, (await Service.AcknowledgeAsync(fixture.Host.Client, id, resolve, "fixed")).StatusCode);

        ChangeResult result = (await CompletedAsync(id)).ReadOutputAs<ChangeResult>()!;
        Assert.Equal((AlertStatus.Resolved, "bob"), (result.Status, result.ResolvedBy));
        Assert.Equal(409, (await Service.AcknowledgeAsync(fixture.Host.Client, id, fixture.Tokens.Issue(id, "c", AckActions.Resolve, DateTimeOffset.UtcNow.AddHours(1)), null)).StatusCode);
    }

    [Fact]
    public async Task ApplyAsync_FromTheApi_AcknowledgesWithTheCallerAndRefusesUnknownActions()
    {
        (string id, _) = await StartAndGetLinkAsync();
        Assert.Equal(400, (await Service.ApplyAsync(fixture.Host.Client, id, "delete", "x", null, "api")).StatusCode);

        AckResponse ack = await Service.ApplyAsync(fixture.Host.Client, id, AckActions.Acknowledge, "dana@contoso.example", "mine", "api");
        Assert.Equal(202, ack.StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        Assert.Contains(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.Acknowledged && t.Message == "acknowledged by dana@contoso.example via api: mine");
        Assert.Equal(202, (await Service.ApplyAsync(fixture.Host.Client, id, AckActions.Resolve, "dana@contoso.example", null, "api")).StatusCode);
        Assert.Equal(AlertStatus.Resolved, (await CompletedAsync(id)).ReadOutputAs<ChangeResult>()!.Status);
    }

    [Fact]
    public async Task AcknowledgeAsync_TwoLinksPostedTogether_OneIsToldAcknowledged_TheOther409()
    {
        (string id, string tier1) = await StartAndGetLinkAsync();
        string tier2 = fixture.Tokens.Issue(id, "tier2-oncall", AckActions.Acknowledge, DateTimeOffset.UtcNow.AddHours(1));

        AckResponse[] answers = await Task.WhenAll(
            Service.AcknowledgeAsync(fixture.Host.Client, id, tier1, null),
            Service.AcknowledgeAsync(fixture.Host.Client, id, tier2, null));

        Assert.Equal([202, 409], answers.Select(a => a.StatusCode).Order());
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        await CleanUpAsync(id);
    }

    [Fact]
    public async Task ActAsync_PaddedName_StillMarkedUnverified()
    {
        (string id, _) = await StartAndGetLinkAsync();
        var api = new AlertApi(fixture.Store, fixture.Store, fixture.Store, Service);

        ApiResult result = await api.ActAsync(fixture.Host.Client, id, "acknowledge", null, new ApiAction("mallory" + new string(' ', 150) + new string('x', 300), null));

        Assert.Equal(202, result.StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        string by = (await fixture.Store.GetAlertAsync(id))!.AcknowledgedBy!;
        Assert.EndsWith(" (unverified)", by, StringComparison.Ordinal);
        Assert.InRange(by.Length, 1, Core.Limits.ByChars);
        await CleanUpAsync(id);
    }

    [Fact]
    public async Task AcknowledgeAsync_LinkUsedBeforeTheOrchestrationStarts_IsNotSpent_AndWorksOnceItHasStarted()
    {
        // The drain's order (ADR 0015): record the change and open the alert, notify tier 1, then start
        // the orchestration. A link used in between used to be burnt and answered "nothing was changed".
        var change = Some.Change("DeleteService");
        string id = InstanceIds.ForEvent(change.EventId);
        var plan = Some.Escalation(TimeSpan.FromSeconds(45));
        plan.AutoCloseAfter = TimeSpan.FromSeconds(45);
        ChangeInput input = TestInputs.For(change, plan, new DeliveryRetry(2, TimeSpan.FromSeconds(1)));
        var recorder = new EcsRtma.Workflow.Activities.RecordChange(fixture.Store, fixture.Store, fixture.Store, TimeProvider.System, new EcsRtma.Workflow.Telemetry.EcsRtmaMetrics(), plan);
        AlertOpening opening = await recorder.ExecuteAsync(new RecordChangeInput(input.Change, input.Verdict, id, plan));
        string token = fixture.Tokens.Issue(id, "webhook:tier1", AckActions.Acknowledge, DateTimeOffset.UtcNow.AddHours(1));

        AckResponse early = await Service.AcknowledgeAsync(fixture.Host.Client, id, token, "seen it");
        Assert.Equal(503, early.StatusCode);
        Assert.Contains("this link still works", early.Message, StringComparison.Ordinal);

        await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), input with { Opening = opening }, new StartOrchestrationOptions(id));
        AckResponse later = await Service.AcknowledgeAsync(fixture.Host.Client, id, token, "seen it");
        Assert.Equal(202, later.StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        Assert.Equal("webhook:tier1", (await fixture.Store.GetAlertAsync(id))!.AcknowledgedBy);
        Assert.Equal(202, (await Service.ApplyAsync(fixture.Host.Client, id, AckActions.Resolve, "alice", null, "api")).StatusCode);
        await CompletedAsync(id);
    }

    [Fact]
    public async Task AcknowledgeAsync_RaisingTheEventFails_LinkAndClaimAreGivenBack()
    {
        (string id, string token) = await StartAndGetLinkAsync();
        await using var failing = new UnreachableClient(fixture.Host.Client, failRaise: true);

        AckResponse failed = await Service.AcknowledgeAsync(failing, id, token, null);
        Assert.Equal(503, failed.StatusCode);
        Assert.Equal(AlertStatus.Open, (await fixture.Store.GetAlertAsync(id))!.Status);

        Assert.Equal(202, (await Service.AcknowledgeAsync(fixture.Host.Client, id, token, null)).StatusCode);
        await WaitForStatusAsync(id, AlertStatus.Acknowledged);
        await CleanUpAsync(id);
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownAlert_Is404()
    {
        string token = fixture.Tokens.Issue("ecs-missing", "r", "ack", DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(404, (await Service.AcknowledgeAsync(fixture.Host.Client, "ecs-missing", token, null)).StatusCode);
    }

    private async Task<(string Id, string Token)> StartAndGetLinkAsync()
    {
        var change = Some.Change("UpdateServicePrimaryTaskSet");
        string id = InstanceIds.ForEvent(change.EventId);
        var plan = Some.Escalation(TimeSpan.FromSeconds(45));
        plan.AutoCloseAfter = TimeSpan.FromSeconds(45); // long enough for the steps of a test between acknowledge and resolve
        await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), TestInputs.For(change, plan, new DeliveryRetry(2, TimeSpan.FromSeconds(1))), new StartOrchestrationOptions(id));
        AlertNotification n = await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        string token = Uri.UnescapeDataString(n.AcknowledgeUrl.Query.Split("token=")[1]);
        return (id, token);
    }

    private async Task WaitForStatusAsync(string id, AlertStatus status)
    {
        using var cts = new CancellationTokenSource(Patience);
        while ((await fixture.Store.GetAlertAsync(id))!.Status != status)
        {
            await Task.Delay(100, cts.Token);
        }
    }

    private async Task CleanUpAsync(string id) => await fixture.Host.Client.TerminateInstanceAsync(id);

    private async Task<OrchestrationMetadata> CompletedAsync(string id)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await fixture.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
    }
}
