using System.Text.Json;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>Mapping between the domain records and table entities, and fitting values into keys and properties.</summary>
public sealed partial class TableAlertStore
{
    private static TableEntity ToEntity(AlertRecord a, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["AlertId"] = a.AlertId,
        ["EventId"] = a.EventId,
        ["EventName"] = a.EventName,
        ["Title"] = a.Title,
        ["Severity"] = a.Severity.ToString(),
        ["SeverityRank"] = (int)a.Severity,
        ["Status"] = a.Status.ToString(),
        ["CreatedAt"] = a.CreatedAt,
        ["EventTime"] = a.EventTime,
        ["TierReached"] = a.TierReached,
        ["ActorName"] = a.ActorName,
        ["ActorArn"] = a.ActorArn,
        ["AccountId"] = a.AccountId,
        ["Region"] = a.Region,
        ["Cluster"] = a.Cluster,
        ["Service"] = a.Service,
        ["Reasons"] = StoredList(a.Reasons),
        ["ChangeCount"] = a.ChangeCount,
        ["Policy"] = a.Policy,
        ["Route"] = a.Route,
        ["NextDeadline"] = a.NextDeadline,
        ["Undelivered"] = a.Undelivered,
        ["AcknowledgedBy"] = a.AcknowledgedBy,
        ["AcknowledgedAt"] = a.AcknowledgedAt,
        ["ResolvedBy"] = a.ResolvedBy,
        ["ResolvedAt"] = a.ResolvedAt,
        ["ClosedAt"] = a.ClosedAt,
        ["Version"] = a.Version,
    };

    private static AlertRecord FromEntity(TableEntity e) => new()
    {
        AlertId = e.GetString("AlertId") ?? e.PartitionKey,
        EventId = e.GetString("EventId"),
        EventName = e.GetString("EventName"),
        Title = e.GetString("Title"),
        Severity = Enum.Parse<Severity>(e.GetString("Severity")),
        Status = Enum.Parse<AlertStatus>(e.GetString("Status")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        EventTime = e.GetDateTimeOffset("EventTime")!.Value,
        TierReached = e.GetInt32("TierReached") ?? 0,
        ActorName = e.GetString("ActorName"),
        ActorArn = e.GetString("ActorArn"),
        AccountId = e.GetString("AccountId"),
        Region = e.GetString("Region"),
        Cluster = e.GetString("Cluster"),
        Service = e.GetString("Service"),
        Reasons = ReadList(e.GetString("Reasons")),
        ChangeCount = e.GetInt32("ChangeCount") ?? 1,
        Policy = e.GetString("Policy"),
        Route = e.GetString("Route"),
        NextDeadline = e.GetDateTimeOffset("NextDeadline"),
        Undelivered = e.GetString("Undelivered"),
        AcknowledgedBy = e.GetString("AcknowledgedBy"),
        AcknowledgedAt = e.GetDateTimeOffset("AcknowledgedAt"),
        ResolvedBy = e.GetString("ResolvedBy"),
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        Version = e.GetInt64("Version") ?? 0,
    };

    private static TableEntity ToChangeEntity(string partitionKey, string rowKey, ChangeSummary c) => new(partitionKey, rowKey)
    {
        ["EventId"] = c.EventId,
        ["EventName"] = c.EventName,
        ["EventTime"] = c.EventTime,
        ["Outcome"] = c.Outcome.ToString(),
        ["Severity"] = c.Severity?.ToString(),
        ["Title"] = c.Title,
        ["ActorName"] = c.ActorName,
        ["ActorArn"] = c.ActorArn,
        ["AccountId"] = c.AccountId,
        ["Region"] = c.Region,
        ["Cluster"] = c.Cluster,
        ["SuppressedBy"] = c.SuppressedBy,
        ["AlertId"] = c.AlertId,
        ["Reasons"] = StoredList(c.Reasons),
    };

    private static ChangeSummary ToChange(TableEntity e) => new()
    {
        EventId = e.GetString("EventId"),
        EventName = e.GetString("EventName"),
        EventTime = e.GetDateTimeOffset("EventTime")!.Value,
        Outcome = Enum.Parse<Outcome>(e.GetString("Outcome")),
        Severity = e.GetString("Severity") is { } severity ? Enum.Parse<Severity>(severity) : null,
        Title = e.GetString("Title"),
        ActorName = e.GetString("ActorName"),
        ActorArn = e.GetString("ActorArn"),
        AccountId = e.GetString("AccountId"),
        Region = e.GetString("Region"),
        Cluster = e.GetString("Cluster"),
        SuppressedBy = e.GetString("SuppressedBy"),
        AlertId = e.GetString("AlertId"),
        Reasons = ReadList(e.GetString("Reasons")),
    };

    private static string[] ReadList(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [json]; // truncated by the size cap: show it rather than fail the read
        }
    }

    /// <summary>Any value as a key part, injectively (<see cref="TableKeys"/>).</summary>
    private static string KeySafe(string value) => TableKeys.Escape(value);

    private static string? Truncate(string? value, int max) => value is null ? null : Core.Text.UntrustedText.Truncate(value, Math.Min(max, Core.Limits.TablePropertyChars));

    /// <summary>
    /// A list of texts as one JSON property that always fits (half a property's room, leaving the rest of the
    /// entity its share): items are cut and, past the budget, dropped with a count — never cut mid-JSON.
    /// </summary>
    private static string StoredList(IReadOnlyList<string> items)
    {
        string json = JsonSerializer.Serialize(items);
        if (json.Length <= Core.Limits.TablePropertyChars / 2)
        {
            return json;
        }

        var kept = new List<string>();
        int budget = (Core.Limits.TablePropertyChars / 2) - 200;
        foreach (string item in items)
        {
            string cut = Core.Text.UntrustedText.Truncate(item, Core.Limits.ReasonChars);
            int size = JsonSerializer.Serialize(cut).Length + 1;
            if (size > budget)
            {
                break;
            }

            kept.Add(cut);
            budget -= size;
        }

        if (kept.Count < items.Count)
        {
            kept.Add($"({items.Count - kept.Count} more not stored)");
        }

        return JsonSerializer.Serialize(kept);
    }
}
