using System.Security.Cryptography;
using System.Text;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>
/// Records the change and its verdict, then — for an alert — either joins the open burst thread of
/// the same principal on the same cluster, or opens a new alert routed to its escalation policy.
/// Idempotent: a retry or a replay finds what the first attempt wrote.
/// </summary>
public sealed class RecordChange(IChangeLog changes, IAlertStore alerts, IAlertGroups groups, TimeProvider time, EcsRtmaMetrics metrics, EscalationPolicySet? configured = null) : TaskActivity<RecordChangeInput, AlertOpening>
{
    private const int MaxGroupAttempts = 20;

    public override Task<AlertOpening> RunAsync(TaskActivityContext context, RecordChangeInput input) => ExecuteAsync(input);

    public async Task<AlertOpening> ExecuteAsync(RecordChangeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Verdict verdict = input.Verdict;
        if (verdict.Outcome != Outcome.Alert)
        {
            await changes.RecordChangeAsync(input.Change, verdict, null, cancellationToken);
            return new AlertOpening(OpeningKind.NotAlerted, input.AlertId);
        }

        // The policy is configuration; an explicit snapshot in the input (tests) wins.
        EscalationPolicySet escalation = input.Escalation ?? configured ?? EscalationPolicySet.Default;
        Severity severity = verdict.Severity ?? Severity.Info;
        ChangeSummary summary = ChangeSummary.From(verdict, input.Change.EventTime, input.AlertId);
        if (escalation.GroupingWindow > TimeSpan.Zero && GroupKey(verdict) is { } key)
        {
            AlertOpening? joined = await TryJoinAsync(key, input, summary, severity, escalation.GroupingWindow, cancellationToken);
            if (joined is not null)
            {
                return joined;
            }
        }

        DateTimeOffset now = time.GetUtcNow();
        EscalationPlan plan = escalation.Resolve(verdict, now);
        await changes.RecordChangeAsync(input.Change, verdict, input.AlertId, cancellationToken);
        var opened = new TimelineEntry(now, TimelineKinds.Opened, $"{string.Join("; ", verdict.Reasons)} — policy '{plan.Policy}'{(plan.Route is null ? string.Empty : $" (route '{plan.Route}')")}");
        if (await alerts.OpenAlertAsync(NewAlert(input.Change, verdict, input.AlertId, plan, now), summary, opened, cancellationToken))
        {
            metrics.Alerts.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()));
        }

        return new AlertOpening(OpeningKind.Opened, input.AlertId, plan);
    }

    /// <summary>The alert row a verdict opens.</summary>
    public static AlertRecord NewAlert(CloudTrailEvent change, Verdict verdict, string alertId, EscalationPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(plan);
        return new AlertRecord
        {
            AlertId = alertId,
            EventId = verdict.EventId,
            EventName = verdict.EventName,
            Title = verdict.Title,
            Severity = verdict.Severity ?? Severity.Info,
            Status = AlertStatus.Open,
            CreatedAt = now,
            EventTime = change.EventTime,
            ActorName = verdict.Actor.DisplayName,
            ActorArn = verdict.Actor.Arn,
            AccountId = verdict.AccountId,
            Region = verdict.Region,
            Cluster = verdict.Cluster,
            Service = verdict.Service,
            Reasons = verdict.Reasons,
            Policy = plan.Policy,
            Route = plan.Route,
            NextDeadline = plan.DeferUntil,
        };
    }

    /// <summary>
    /// Joins the group's alert when it is open, started within the window, and at least as severe
    /// (a more severe change never hides inside a milder alert: it opens its own and leads the group).
    /// Returns null when this change must open its own alert; it is then the group's leader.
    /// </summary>
    private async Task<AlertOpening?> TryJoinAsync(string key, RecordChangeInput input, ChangeSummary summary, Severity severity, TimeSpan window, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxGroupAttempts; attempt++)
        {
            AlertGroup? group = await groups.GetGroupAsync(key, cancellationToken);
            if (group is not null && group.AlertId == input.AlertId)
            {
                return null; // a retry of the activity that already leads the group
            }

            if (group is not null
                && (input.Change.EventTime - group.StartedAt).Duration() <= window
                && severity <= group.Severity
                && await GetLeaderAsync(group.AlertId, cancellationToken) is { IsClosed: false, Status: not AlertStatus.Resolved })
            {
                await changes.RecordChangeAsync(input.Change, input.Verdict, group.AlertId, cancellationToken);
                int count = 0;
                if (await alerts.AttachChangeAsync(group.AlertId, summary with { AlertId = group.AlertId }, cancellationToken))
                {
                    var joined = new TimelineEntry(time.GetUtcNow(), TimelineKinds.Joined, $"{input.Verdict.EventName} by {input.Verdict.Actor.DisplayName} joined this alert ({summary.EventId})");
                    await alerts.UpdateAlertAsync(group.AlertId, a =>
                    {
                        AlertRecord counted = a with { ChangeCount = a.ChangeCount + 1 };
                        count = counted.ChangeCount;
                        return counted;
                    }, joined, cancellationToken: cancellationToken);
                }
                else
                {
                    count = (await alerts.GetAlertAsync(group.AlertId, cancellationToken))?.ChangeCount ?? 0; // a retry: already counted
                }

                return new AlertOpening(OpeningKind.Joined, group.AlertId, null, count);
            }

            if (await groups.TrySetGroupAsync(new AlertGroup(key, input.AlertId, input.Change.EventTime, severity, group?.ETag), cancellationToken))
            {
                return null;
            }
        }

        throw new InvalidOperationException($"could not settle the alert group {key} after {MaxGroupAttempts} attempts");
    }

    /// <summary>The group's alert; a leader that set the group a moment ago may still be opening it, so wait a little for it.</summary>
    private async Task<AlertRecord?> GetLeaderAsync(string alertId, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            AlertRecord? alert = await alerts.GetAlertAsync(alertId, cancellationToken);
            if (alert is not null || attempt >= 25)
            {
                return alert;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    /// <summary>Same account, same cluster, same principal. Changes without a principal or cluster never group.</summary>
    public static string? GroupKey(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        string? principal = verdict.Actor.Arn ?? verdict.Actor.SessionIssuerArn;
        if (string.IsNullOrEmpty(principal) || string.IsNullOrEmpty(verdict.Cluster))
        {
            return null;
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{verdict.AccountId}\n{verdict.Region}\n{verdict.Cluster}\n{principal}"));
        return Convert.ToHexStringLower(hash)[..40];
    }
}
