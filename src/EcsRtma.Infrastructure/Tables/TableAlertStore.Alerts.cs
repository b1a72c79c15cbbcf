using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>The alert partition: the alert row (and its index row), its timeline, entity-group transactions.</summary>
public sealed partial class TableAlertStore
{
    // Row keys are unique across partitions (the alert id is part of them) although Table Storage needs
    // them unique only within one: Azurite looks a row up by RowKey first, so a row key shared by
    // every alert ("alert", "d-01-r01-webhook-…") made each point read scan all alerts (ADR 0009).
    private static string AlertRowKey(string alertId) => $"a-{KeySafe(alertId)}";

    private static string DeliveryRowKey(string alertId, int tier, int round, string channel, string recipient) =>
        string.Create(CultureInfo.InvariantCulture, $"d-{tier:D2}-r{round:D2}-{KeySafe(channel)}-{KeySafe(recipient)}-{KeySafe(alertId)}");

    private static DeliveryRecord DeliveryFromEntity(string alertId, TableEntity e) =>
        new(alertId, e.GetInt32("Tier") ?? 0, e.GetString("Channel"), e.GetString("Recipient"), e.GetInt32("Attempts") ?? 0, e.GetString("LastResult"), e.GetDateTimeOffset("At")!.Value, e.GetString("ExternalRef")) { Round = e.GetInt32("Round") ?? 1, FirstAttemptAt = e.GetDateTimeOffset("FirstAttemptAt") };

    /// <summary>
    /// One entity-group transaction for the alert row, its first change and its opening note (one
    /// request instead of three), then the index row.
    /// </summary>
    public async Task<bool> OpenAlertAsync(AlertRecord alert, ChangeSummary? firstChange = null, TimelineEntry? opened = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        AlertRecord stored = alert with { Version = Math.Max(1, alert.Version) };
        var rows = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(stored, stored.AlertId, AlertRowKey(stored.AlertId))) };
        if (firstChange is not null)
        {
            rows.Add(new(TableTransactionActionType.Add, AlertChangeRow(stored.AlertId, firstChange)));
        }

        if (opened is not null)
        {
            rows.Add(new(TableTransactionActionType.Add, TimelineRow(stored.AlertId, opened)));
        }

        bool created = true;
        try
        {
            await _alerts.SubmitTransactionAsync(rows, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // An earlier attempt wrote all of it (a transaction is all or nothing), or — written by an
            // earlier version, one row at a time — some of it: write what is missing, one row at a time.
            AlertRecord? existing = await GetAlertAsync(alert.AlertId, cancellationToken);
            created = existing is null;
            if (existing is null)
            {
                await _alerts.AddEntityAsync(rows[0].Entity, cancellationToken);
            }
            else
            {
                stored = existing;
            }

            bool attached = firstChange is not null && await AttachChangeAsync(stored.AlertId, firstChange, cancellationToken);
            if (opened is not null && (created || attached))
            {
                await AppendTimelineAsync(stored.AlertId, opened, cancellationToken);
            }
        }

        await WriteIndexAsync(stored, cancellationToken);
        return created;
    }

    public async Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response = await _alerts.GetEntityIfExistsAsync<TableEntity>(alertId, AlertRowKey(alertId), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Read, apply, replace with the ETag read; with a note or a delivery, one entity-group transaction
    /// writes them with the alert row (they share its partition), so none is written without the others.
    /// </summary>
    public async Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, TimelineEntry? note = null, DeliveryRecord? delivery = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (delivery is not null && delivery.AlertId != alertId)
        {
            throw new ArgumentException($"the delivery belongs to alert {delivery.AlertId}, not {alertId}", nameof(delivery));
        }

        for (int attempt = 0; ; attempt++)
        {
            Response<TableEntity> current = await _alerts.GetEntityAsync<TableEntity>(alertId, AlertRowKey(alertId), cancellationToken: cancellationToken);
            AlertRecord before = FromEntity(current.Value);
            AlertRecord after = update(before) with { AlertId = alertId, Version = before.Version + 1 };
            try
            {
                TableEntity row = ToEntity(after, alertId, AlertRowKey(alertId));
                if (note is null && delivery is null)
                {
                    await _alerts.UpdateEntityAsync(row, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    var rows = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, row, current.Value.ETag) };
                    if (note is not null)
                    {
                        rows.Add(new(TableTransactionActionType.Add, TimelineRow(alertId, note)));
                    }

                    if (delivery is not null)
                    {
                        rows.Add(new(TableTransactionActionType.UpsertReplace, DeliveryRow(delivery)));
                    }

                    await _alerts.SubmitTransactionAsync(rows, cancellationToken);
                }

                await WriteIndexAsync(after, cancellationToken);
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

    public async Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<string>();
        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        if (query.MinSeverity is { } severity)
        {
            filters.Add(TableClient.CreateQueryFilter($"SeverityRank ge {(int)severity}"));
        }

        AddEquals(filters, "AccountId", query.AccountId);
        AddEquals(filters, "Cluster", query.Cluster);
        return await PageByDayAsync(_index, query.From, query.To, query.Limit, query.Continuation, filters, FromEntity, cancellationToken);
    }

    /// <summary>
    /// The index row follows the alert row. Two writers can finish in either order, so a row is only
    /// replaced by a newer version (optimistic concurrency on the index row itself).
    /// </summary>
    private async Task WriteIndexAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        TableEntity entity = ToEntity(alert, Day(alert.CreatedAt), NewestFirst(alert.CreatedAt, alert.AlertId));
        if (alert.Version <= 1)
        {
            // A new alert: its index row normally does not exist yet, so insert without reading first.
            try
            {
                await _index.AddEntityAsync(entity, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // A retry of the opening activity, or a newer version already indexed: compare below.
            }
        }

        for (int attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            NullableResponse<TableEntity> existing = await _index.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await _index.AddEntityAsync(entity, cancellationToken);
                }
                else if ((existing.Value!.GetInt64("Version") ?? 0) < alert.Version)
                {
                    await _index.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Lost a race with another writer: look again.
            }
        }
    }

    public async Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _alerts.AddEntityAsync(TimelineRow(alertId, entry), cancellationToken);
    }

    private static TableEntity TimelineRow(string alertId, TimelineEntry entry) =>
        new(alertId, string.Create(CultureInfo.InvariantCulture, $"t-{entry.At.UtcTicks:D19}-{Guid.NewGuid():N}"))
        {
            ["At"] = entry.At,
            ["Kind"] = entry.Kind,
            ["Message"] = Truncate(entry.Message, 4096),
            ["Tier"] = entry.Tier,
            ["Channel"] = Truncate(entry.Channel, Core.Limits.NameChars),
            ["Actor"] = Truncate(entry.Actor, Core.Limits.ByChars),
        };

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var entries = new List<TimelineEntry>();
        await foreach (TableEntity e in _alerts.QueryAsync<TableEntity>(RowRange(alertId, "t-"), cancellationToken: cancellationToken))
        {
            entries.Add(new TimelineEntry(e.GetDateTimeOffset("At")!.Value, e.GetString("Kind"), e.GetString("Message"), e.GetInt32("Tier"), e.GetString("Channel"), e.GetString("Actor")));
        }

        return entries;
    }
}
