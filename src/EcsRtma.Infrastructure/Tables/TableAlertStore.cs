using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>
/// Application state in Azure Table Storage. Keys (see docs/STORAGE.md):
/// <list type="bullet">
/// <item><c>{prefix}Changes</c>: PK = UTC day of the event (yyyyMMdd), RK = event id.</item>
/// <item><c>{prefix}Alerts</c>: PK = alert id; RK = "alert" (the alert), "t-{ticks}-{n}" (timeline), "token-{nonce}" (spent ack tokens).</item>
/// <item><c>{prefix}Rejected</c>: PK = UTC day received, RK = "{messageId}-{receiveCount}".</item>
/// </list>
/// </summary>
public sealed class TableAlertStore : IAlertStore
{
    private const string AlertRowKey = "alert";
    private const int MaxConcurrencyRetries = 50;
    private readonly TableClient _changes;
    private readonly TableClient _alerts;
    private readonly TableClient _rejected;

    public TableAlertStore(TableServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _changes = service.GetTableClient(tablePrefix + "Changes");
        _alerts = service.GetTableClient(tablePrefix + "Alerts");
        _rejected = service.GetTableClient(tablePrefix + "Rejected");
    }

    /// <summary>Creates the tables if they are missing. Call once at start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _changes.CreateIfNotExistsAsync(cancellationToken);
        await _alerts.CreateIfNotExistsAsync(cancellationToken);
        await _rejected.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(verdict);
        var entity = new TableEntity(Day(change.EventTime), KeySafe(change.EventId))
        {
            ["EventId"] = change.EventId,
            ["EventName"] = change.EventName,
            ["EventSource"] = change.EventSource,
            ["EventTime"] = change.EventTime,
            ["Outcome"] = verdict.Outcome.ToString(),
            ["Severity"] = verdict.Severity?.ToString(),
            ["Title"] = verdict.Title,
            ["Reasons"] = JsonSerializer.Serialize(verdict.Reasons),
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
        };
        await _changes.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        try
        {
            await _alerts.AddEntityAsync(ToEntity(alert), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already opened by an earlier attempt of the same activity: idempotent.
        }
    }

    public async Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _alerts.GetEntityIfExistsAsync<TableEntity>(alertId, AlertRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (int attempt = 0; ; attempt++)
        {
            Response<TableEntity> current = await _alerts.GetEntityAsync<TableEntity>(alertId, AlertRowKey, cancellationToken: cancellationToken);
            TableEntity next = ToEntity(update(FromEntity(current.Value)));
            try
            {
                await _alerts.UpdateEntityAsync(next, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxConcurrencyRetries)
            {
                // Another writer got there first: re-read and re-apply, backing off a little under contention.
                if (attempt >= 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), cancellationToken);
                }
            }
        }
    }

    public async Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string rowKey = string.Create(CultureInfo.InvariantCulture, $"t-{entry.At.UtcTicks:D19}-{Guid.NewGuid():N}");
        await _alerts.AddEntityAsync(new TableEntity(alertId, rowKey)
        {
            ["At"] = entry.At,
            ["Kind"] = entry.Kind,
            ["Message"] = Truncate(entry.Message, 4096),
            ["Tier"] = entry.Tier,
            ["Channel"] = entry.Channel,
            ["Actor"] = entry.Actor,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var entries = new List<TimelineEntry>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {alertId} and RowKey ge 't-' and RowKey lt 't.'");
        await foreach (TableEntity e in _alerts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(new TimelineEntry(e.GetDateTimeOffset("At")!.Value, e.GetString("Kind"), e.GetString("Message"), e.GetInt32("Tier"), e.GetString("Channel"), e.GetString("Actor")));
        }

        return entries;
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int max, CancellationToken cancellationToken = default)
    {
        var alerts = new List<AlertRecord>();
        await foreach (TableEntity e in _alerts.QueryAsync<TableEntity>($"RowKey eq '{AlertRowKey}'", cancellationToken: cancellationToken))
        {
            alerts.Add(FromEntity(e));
        }

        return [.. alerts.OrderByDescending(a => a.CreatedAt).Take(max)];
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

    /// <summary>A recorded change's outcome by event id, or null (for operators and tests).</summary>
    public async Task<string?> GetChangeOutcomeAsync(DateTimeOffset eventTime, string eventId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _changes.GetEntityIfExistsAsync<TableEntity>(Day(eventTime), KeySafe(eventId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("Outcome") : null;
    }

    private static TableEntity ToEntity(AlertRecord a) => new(a.AlertId, AlertRowKey)
    {
        ["EventId"] = a.EventId,
        ["EventName"] = a.EventName,
        ["Title"] = a.Title,
        ["Severity"] = a.Severity.ToString(),
        ["Status"] = a.Status.ToString(),
        ["CreatedAt"] = a.CreatedAt,
        ["EventTime"] = a.EventTime,
        ["TierReached"] = a.TierReached,
        ["ActorName"] = a.ActorName,
        ["AccountId"] = a.AccountId,
        ["Region"] = a.Region,
        ["Cluster"] = a.Cluster,
        ["AcknowledgedBy"] = a.AcknowledgedBy,
        ["ClosedAt"] = a.ClosedAt,
    };

    private static AlertRecord FromEntity(TableEntity e) => new()
    {
        AlertId = e.PartitionKey,
        EventId = e.GetString("EventId"),
        EventName = e.GetString("EventName"),
        Title = e.GetString("Title"),
        Severity = Enum.Parse<Severity>(e.GetString("Severity")),
        Status = Enum.Parse<AlertStatus>(e.GetString("Status")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        EventTime = e.GetDateTimeOffset("EventTime")!.Value,
        TierReached = e.GetInt32("TierReached") ?? 0,
        ActorName = e.GetString("ActorName"),
        AccountId = e.GetString("AccountId"),
        Region = e.GetString("Region"),
        Cluster = e.GetString("Cluster"),
        AcknowledgedBy = e.GetString("AcknowledgedBy"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Table keys may not contain / \ # ? or control characters.</summary>
    private static string KeySafe(string value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            buffer[i] = c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c;
        }

        return new string(buffer);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
