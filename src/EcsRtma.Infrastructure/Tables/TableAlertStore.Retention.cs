using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>Retention: old closed alerts (with every row of their partition), old changes and rejected messages, stale groups.</summary>
public sealed partial class TableAlertStore
{
    private const int BatchLimit = 100;

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        string cutoffDay = Day(olderThan);
        int deleted = 0;

        // Alerts: by the index's day partitions. Alerts still open are kept whatever their age.
        var closedAlerts = new List<TableEntity>();
        await foreach (TableEntity row in _index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {cutoffDay}"), cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("ClosedAt") is not null)
            {
                closedAlerts.Add(row);
            }
        }

        foreach (TableEntity row in closedAlerts)
        {
            deleted += await DeleteAsync(_alerts, TableClient.CreateQueryFilter($"PartitionKey eq {row.GetString("AlertId")}"), cancellationToken);
            await _index.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        deleted += await DeleteAsync(_changes, TableClient.CreateQueryFilter($"PartitionKey lt {cutoffDay}"), cancellationToken);
        deleted += await DeleteAsync(_rejected, TableClient.CreateQueryFilter($"PartitionKey lt {cutoffDay}"), cancellationToken);
        deleted += await DeleteAsync(_groups, TableClient.CreateQueryFilter($"StartedAt lt {olderThan}"), cancellationToken);
        deleted += await DeleteAsync(_links, TableClient.CreateQueryFilter($"ExpiresAt lt {_time.GetUtcNow()}"), cancellationToken);
        deleted += await DeleteAsync(_eventIds, TableClient.CreateQueryFilter($"FirstSeen lt {olderThan}"), cancellationToken);
        return deleted;
    }

    /// <summary>Deletes every row matching the filter, in transactions of up to 100 rows of one partition.</summary>
    private static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<(string Partition, string Row)>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add((e.PartitionKey, e.RowKey));
        }

        foreach (IGrouping<string, (string Partition, string Row)> partition in rows.GroupBy(r => r.Partition, StringComparer.Ordinal))
        {
            foreach ((string Partition, string Row)[] chunk in partition.Chunk(BatchLimit))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), ETag.All)), cancellationToken);
            }
        }

        return rows.Count;
    }

    /// <summary>The day partition name used by this store (UTC, yyyyMMdd).</summary>
    public static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
