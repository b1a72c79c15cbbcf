using System.Globalization;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>Listings paged across day partitions (newest first) and the key helpers they share.</summary>
public sealed partial class TableAlertStore
{
    /// <summary>
    /// Pages through day partitions newest first: PK = day, RK = inverted ticks, so within a day the
    /// newest row comes first. The continuation is "{day}|{last row key}".
    /// </summary>
    private async Task<Listing<T>> PageByDayAsync<T>(TableClient table, DateTimeOffset? from, DateTimeOffset? to, int limit, string? continuation, List<string> filters, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        DateTimeOffset upper = to ?? _time.GetUtcNow();
        DateTimeOffset lower = from ?? upper - DefaultListingRange;
        if (upper - lower > MaxListingRange)
        {
            lower = upper - MaxListingRange;
        }

        limit = Math.Clamp(limit, 1, 1000);
        (string? afterDay, string? afterRow) = ParseContinuation(continuation);
        var items = new List<(string Day, string Row, T Item)>();
        for (DateTime day = upper.UtcDateTime.Date; day >= lower.UtcDateTime.Date && items.Count <= limit; day = day.AddDays(-1))
        {
            string pk = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (afterDay is not null && string.CompareOrdinal(pk, afterDay) > 0)
            {
                continue; // newer than where the previous page stopped
            }

            var clauses = new List<string>(filters)
            {
                TableClient.CreateQueryFilter($"PartitionKey eq {pk}"),
                TableClient.CreateQueryFilter($"RowKey ge {InvertedTicks(upper)}"),
                TableClient.CreateQueryFilter($"RowKey lt {InvertedTicks(lower) + "~"}"),
            };
            if (afterDay == pk && afterRow is not null)
            {
                clauses.Add(TableClient.CreateQueryFilter($"RowKey gt {afterRow}"));
            }

            await foreach (TableEntity e in table.QueryAsync<TableEntity>(string.Join(" and ", clauses), maxPerPage: limit + 1, cancellationToken: cancellationToken))
            {
                items.Add((pk, e.RowKey, map(e)));
                if (items.Count > limit)
                {
                    break;
                }
            }
        }

        if (items.Count <= limit)
        {
            return new Listing<T>([.. items.Select(i => i.Item)], null);
        }

        (string lastDay, string lastRow, _) = items[limit - 1];
        return new Listing<T>([.. items.Take(limit).Select(i => i.Item)], Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{lastDay}|{lastRow}")));
    }

    private static (string? Day, string? Row) ParseContinuation(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return (null, null);
        }

        try
        {
            string[] parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(continuation)).Split('|', 2);
            if (parts.Length == 2 && parts[0].Length == 8 && parts[0].All(char.IsAsciiDigit))
            {
                return (parts[0], parts[1]);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("continuation: not a continuation token returned by this API");
    }

    private static void AddEquals(List<string> filters, string property, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            filters.Add($"{property} eq '{value.Replace("'", "''", StringComparison.Ordinal)}'");
        }
    }

    private static string RowRange(string partition, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");

    private static string InvertedTicks(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static string NewestFirst(DateTimeOffset at, string id) => $"{InvertedTicks(at)}-{KeySafe(id)}";
}
