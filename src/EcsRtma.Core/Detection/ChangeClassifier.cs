using System.Text.Json;
using EcsRtma.Core.Events;

namespace EcsRtma.Core.Detection;

/// <summary>
/// First-cut detection: is it an ECS call, is it a monitored action, who made it and how.
/// Pure: no I/O and no clock, so the same record always gets the same verdict.
/// </summary>
public sealed class ChangeClassifier(EcsActionCatalog catalog)
{
    public const string EcsEventSource = "ecs.amazonaws.com";

    public Verdict Classify(CloudTrailEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Actor actor = ActorClassifier.Classify(e);
        string? cluster = ClusterOf(e);
        string where = $"{e.RecipientAccountId ?? "?"}/{e.AwsRegion ?? "?"}";

        if (!string.Equals(e.EventSource, EcsEventSource, StringComparison.Ordinal))
        {
            return Build(e, actor, cluster, Outcome.Ignored, null, null, [$"eventSource is {e.EventSource}, not {EcsEventSource}"],
                $"Ignored: {e.EventName} from {e.EventSource}");
        }

        if (!catalog.TryGet(e.EventName, out EcsAction action))
        {
            string reason = IsReadOnly(e)
                ? $"{e.EventName} is a read-only call"
                : $"{e.EventName} is not in the monitored action catalog";
            return Build(e, actor, cluster, Outcome.Ignored, null, null, [reason], $"Ignored: {e.EventName}");
        }

        var reasons = new List<string> { $"{e.EventName}: {action.Description}" };
        Severity severity = action.Severity;
        if (actor.Type == ActorType.Root)
        {
            severity = Severity.Critical;
            reasons.Add("made by the account's root user, which should never be used for ECS changes");
        }

        reasons.Add($"by {actor.Type} {actor.DisplayName} via {Describe(actor)}");

        if (e.ErrorCode is { Length: > 0 } error)
        {
            reasons.Add($"the call failed with {error}: an attempted change, nothing was changed");
        }

        string title = $"{severity}: {(e.ErrorCode is null ? string.Empty : "attempted ")}{e.EventName} by {actor.DisplayName} in {where}{(cluster is null ? string.Empty : $" (cluster {cluster})")}";
        return Build(e, actor, cluster, Outcome.Alert, severity, action.ResourceType, reasons, title);
    }

    private static Verdict Build(CloudTrailEvent e, Actor actor, string? cluster, Outcome outcome, Severity? severity, string? resourceType, IReadOnlyList<string> reasons, string title) => new()
    {
        EventId = e.EventId,
        EventName = e.EventName,
        Outcome = outcome,
        Severity = severity,
        ResourceType = resourceType,
        Actor = actor,
        Reasons = reasons,
        AccountId = e.RecipientAccountId ?? e.UserIdentity.AccountId,
        Region = e.AwsRegion,
        Cluster = cluster,
        Title = title,
    };

    private static string Describe(Actor actor) => actor.Tool ?? actor.Via switch
    {
        CallVia.Unknown => "an unrecognised client",
        _ => actor.Via.ToString(),
    };

    private static bool IsReadOnly(CloudTrailEvent e) =>
        e.ReadOnly == true
        || e.EventName.StartsWith("Describe", StringComparison.Ordinal)
        || e.EventName.StartsWith("List", StringComparison.Ordinal)
        || e.EventName.StartsWith("Get", StringComparison.Ordinal);

    /// <summary>The cluster named in the request (<c>cluster</c> or <c>clusterName</c>), if any.</summary>
    private static string? ClusterOf(CloudTrailEvent e)
    {
        if (e.RequestParametersJson is null)
        {
            return null;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(e.RequestParametersJson);
            foreach (string name in (ReadOnlySpan<string>)["cluster", "clusterName"])
            {
                if (doc.RootElement.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
                {
                    string text = value.GetString()!;
                    int slash = text.LastIndexOf('/');
                    return slash >= 0 && text.StartsWith("arn:", StringComparison.Ordinal) ? text[(slash + 1)..] : text;
                }
            }
        }
        catch (JsonException)
        {
            // requestParameters came from our own parser as valid JSON; nothing to recover here.
        }

        return null;
    }
}
