using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>
/// Application state in Azure Table Storage. Keys are chosen for the queries the API makes (see docs/STORAGE.md):
/// <list type="bullet">
/// <item><c>{prefix}Changes</c>: PK = UTC day of the event (yyyyMMdd), RK = "{inverted ticks}-{event id}" (newest first).</item>
/// <item><c>{prefix}Alerts</c>: PK = alert id; RK = "a-{alert id}" (the alert), "t-{ticks}-{n}" (timeline), "c-{event id}" (its changes),
/// "d-{tier}-r{round}-{channel}-{recipient}-{alert id}" (deliveries), "token-{nonce}" (spent link tokens). One partition query reads a whole alert.</item>
/// <item><c>{prefix}AlertIndex</c>: PK = UTC day the alert opened, RK = "{inverted ticks}-{alert id}": the listing, newest first, filtered server-side.</item>
/// <item><c>{prefix}Groups</c>: PK = hash of account, region, cluster and principal, RK = PK: the open burst thread (optimistic concurrency).</item>
/// <item><c>{prefix}Rejected</c>: PK = UTC day received, RK = "{messageId}-{receiveCount}".</item>
/// <item><c>{prefix}EventIds</c> and <c>{prefix}Channels</c>: see <c>TableAlertStore.System.cs</c>.</item>
/// </list>
/// </summary>
public sealed partial class TableAlertStore : IChangeLog, IAlertStore, IAlertGroups, IDeliveryLog, ILinkStore, IRejectionLog, IRetentionStore
{
    private const int MaxConcurrencyRetries = 50;
    private static readonly TimeSpan DefaultListingRange = TimeSpan.FromDays(31);
    private static readonly TimeSpan MaxListingRange = TimeSpan.FromDays(400);
    private readonly TableClient _changes;
    private readonly TableClient _alerts;
    private readonly TableClient _index;
    private readonly TableClient _groups;
    private readonly TableClient _rejected;
    private readonly TableClient _links;
    private readonly TableClient _eventIds;
    private readonly TableClient _channels;
    private readonly TimeProvider _time;

    public TableAlertStore(TableServiceClient service, string tablePrefix, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _changes = service.GetTableClient(tablePrefix + "Changes");
        _alerts = service.GetTableClient(tablePrefix + "Alerts");
        _index = service.GetTableClient(tablePrefix + "AlertIndex");
        _groups = service.GetTableClient(tablePrefix + "Groups");
        _rejected = service.GetTableClient(tablePrefix + "Rejected");
        _links = service.GetTableClient(tablePrefix + "Links");
        _eventIds = service.GetTableClient(tablePrefix + "EventIds");
        _channels = service.GetTableClient(tablePrefix + "Channels");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Creates the tables if they are missing. Call once at start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (TableClient table in new[] { _changes, _alerts, _index, _groups, _rejected, _links, _eventIds, _channels })
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }

    public async Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(verdict);
        var entity = new TableEntity(Day(change.EventTime), NewestFirst(change.EventTime, change.EventKey))
        {
            ["EventId"] = change.EventId,
            ["EventName"] = change.EventName,
            ["EventSource"] = change.EventSource,
            ["EventTime"] = change.EventTime,
            ["Outcome"] = verdict.Outcome.ToString(),
            ["Severity"] = verdict.Severity?.ToString(),
            ["Title"] = Truncate(verdict.Title, Core.Limits.TitleChars),
            ["Reasons"] = StoredList(verdict.Reasons),
            ["ActorType"] = verdict.Actor.Type.ToString(),
            ["ActorArn"] = verdict.Actor.Arn,
            ["ActorName"] = verdict.Actor.DisplayName,
            ["Via"] = verdict.Actor.Via.ToString(),
            ["AccountId"] = verdict.AccountId,
            ["Region"] = verdict.Region,
            ["Cluster"] = verdict.Cluster,
            ["SourceIp"] = change.SourceIpAddress,
            ["UserAgent"] = Truncate(change.UserAgent, 1024),
            ["ErrorCode"] = change.ErrorCode,
            ["SuppressedBy"] = verdict.SuppressedBy,
            ["AlertId"] = alertId,
            ["ContentHash"] = change.ContentHash,
        };
        await _changes.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<string>();
        if (query.Outcome is { } outcome)
        {
            filters.Add(TableClient.CreateQueryFilter($"Outcome eq {outcome.ToString()}"));
        }

        AddEquals(filters, "AccountId", query.AccountId);
        AddEquals(filters, "Cluster", query.Cluster);
        AddEquals(filters, "EventName", query.EventName);
        return await PageByDayAsync(_changes, query.From, query.To, query.Limit, query.Continuation, filters, ToChange, cancellationToken);
    }

    public async Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await _alerts.AddEntityAsync(AlertChangeRow(alertId, change), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity AlertChangeRow(string alertId, ChangeSummary change) =>
        ToChangeEntity(alertId, "c-" + KeySafe(change.EventKey ?? EventKeys.For(change.EventId)), change);

    public async Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var changes = new List<ChangeSummary>();
        await foreach (TableEntity e in _alerts.QueryAsync<TableEntity>(RowRange(alertId, "c-"), cancellationToken: cancellationToken))
        {
            changes.Add(ToChange(e));
        }

        return [.. changes.OrderBy(c => c.EventTime)];
    }

    public async Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _groups.GetEntityIfExistsAsync<TableEntity>(KeySafe(key), KeySafe(key), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        TableEntity e = response.Value!;
        return new AlertGroup(key, e.GetString("AlertId"), e.GetDateTimeOffset("StartedAt")!.Value, Enum.Parse<Severity>(e.GetString("Severity")), e.ETag.ToString());
    }

    public async Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        var entity = new TableEntity(KeySafe(group.Key), KeySafe(group.Key))
        {
            ["AlertId"] = group.AlertId,
            ["StartedAt"] = group.StartedAt,
            ["Severity"] = group.Severity.ToString(),
        };
        try
        {
            if (group.ETag is null)
            {
                await _groups.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await _groups.UpdateEntityAsync(entity, new ETag(group.ETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _alerts.UpsertEntityAsync(DeliveryRow(delivery), TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity DeliveryRow(DeliveryRecord delivery) =>
        new(delivery.AlertId, DeliveryRowKey(delivery.AlertId, delivery.Tier, delivery.Round, delivery.Channel, delivery.Recipient))
        {
            ["Tier"] = delivery.Tier,
            ["Round"] = delivery.Round,
            ["FirstAttemptAt"] = delivery.FirstAttemptAt,
            ["Channel"] = Truncate(delivery.Channel, Core.Limits.NameChars),
            ["Recipient"] = Truncate(delivery.Recipient, Core.Limits.TextChars),
            ["Attempts"] = delivery.Attempts,
            ["LastResult"] = Truncate(delivery.LastResult, 1024),
            ["At"] = delivery.At,
            ["ExternalRef"] = Truncate(delivery.ExternalRef, Core.Limits.TextChars), // the vendor's answer: never trusted to fit
        };

    public async Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var deliveries = new List<DeliveryRecord>();
        await foreach (TableEntity e in _alerts.QueryAsync<TableEntity>(RowRange(alertId, "d-"), cancellationToken: cancellationToken))
        {
            deliveries.Add(DeliveryFromEntity(alertId, e));
        }

        return deliveries;
    }

    public async Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _alerts.GetEntityIfExistsAsync<TableEntity>(alertId, DeliveryRowKey(alertId, tier, round, channel, recipient), cancellationToken: cancellationToken);
        return response.HasValue ? DeliveryFromEntity(alertId, response.Value!) : null;
    }

    public async Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await _links.UpsertEntityAsync(new TableEntity(KeySafe(code), KeySafe(code)) { ["Target"] = target.ToString(), ["ExpiresAt"] = expiresAt }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64)
        {
            return null;
        }

        NullableResponse<TableEntity> found = await _links.GetEntityIfExistsAsync<TableEntity>(KeySafe(code), KeySafe(code), cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.GetDateTimeOffset("ExpiresAt") > _time.GetUtcNow() ? new Uri(found.Value.GetString("Target")) : null;
    }

    public async Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default)
    {
        try
        {
            await _alerts.AddEntityAsync(new TableEntity(alertId, "token-" + KeySafe(nonce)), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task ReleaseTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default)
    {
        try
        {
            await _alerts.DeleteEntityAsync(alertId, "token-" + KeySafe(nonce), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entity = new TableEntity(Day(message.ReceivedAt), KeySafe($"{message.MessageId}-{message.ReceiveCount}"))
        {
            ["MessageId"] = message.MessageId,
            ["ReceivedAt"] = message.ReceivedAt,
            ["Reason"] = Truncate(message.Reason, 2048),
            ["ReceiveCount"] = message.ReceiveCount,
            ["BodyPreview"] = message.BodyPreview,
            ["Source"] = message.Source,
        };
        await _rejected.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Rejected messages recorded on one UTC day (for operators and tests).</summary>
    public async Task<IReadOnlyList<RejectedMessage>> ListRejectedAsync(DateTimeOffset day, CancellationToken cancellationToken = default)
    {
        var result = new List<RejectedMessage>();
        await foreach (TableEntity e in _rejected.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)}"), cancellationToken: cancellationToken))
        {
            result.Add(new RejectedMessage(e.GetString("MessageId"), e.GetDateTimeOffset("ReceivedAt")!.Value, e.GetString("Reason"), e.GetInt32("ReceiveCount") ?? 0, e.GetString("BodyPreview"), e.GetString("Source")));
        }

        return result;
    }

    /// <summary>A recorded change's outcome by event id (the whole id, as sent), or null (for operators and tests).</summary>
    public async Task<string?> GetChangeOutcomeAsync(DateTimeOffset eventTime, string eventId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _changes.GetEntityIfExistsAsync<TableEntity>(Day(eventTime), NewestFirst(eventTime, EventKeys.For(eventId)), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("Outcome") : null;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
