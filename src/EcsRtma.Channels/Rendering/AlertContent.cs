using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;

namespace EcsRtma.Channels.Rendering;

/// <summary>
/// What every channel says about an alert, before format-specific escaping: the parts are kept
/// separate (untrusted values apart from our own words and links) so each renderer escapes exactly
/// the untrusted ones.
/// </summary>
public sealed record AlertContent
{
    public required string AlertId { get; init; }
    public required Severity Severity { get; init; }
    public required int Tier { get; init; }

    /// <summary>Untrusted: the ECS action name as recorded.</summary>
    public required string Action { get; init; }

    /// <summary>Untrusted: who did it.</summary>
    public required string Actor { get; init; }

    /// <summary>Untrusted label/value pairs: account, region, cluster, service, principal, call path, source IP.</summary>
    public required IReadOnlyList<(string Label, string Value)> Facts { get; init; }

    /// <summary>Untrusted (they quote event fields).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Untrusted (they quote container names and fields).</summary>
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>Our own advice; may quote names, so escaped like the rest.</summary>
    public required IReadOnlyList<string> Remediation { get; init; }

    public required Uri AcknowledgeUrl { get; init; }
    public Uri? ShortAcknowledgeUrl { get; init; }
    public Uri? ResolveUrl { get; init; }
    public Uri? BoardUrl { get; init; }
    public required DateTimeOffset AckDeadline { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public bool Attempted { get; init; }

    /// <summary>Our own words: "High" or "High (attempted)".</summary>
    public string SeverityLabel => Attempted ? $"{Severity} (attempted)" : Severity.ToString();

    public string Deadline => AckDeadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static AlertContent From(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Verdict v = notification.Verdict;
        var facts = new List<(string, string)>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                facts.Add((label, value));
            }
        }

        Add("Account", v.AccountId);
        Add("Region", v.Region);
        Add("Cluster", v.Cluster);
        Add("Service", v.Service);
        Add("Task definition", v.TaskDefinition);
        Add("Principal", v.Actor.Arn);
        Add("Via", v.Actor.Tool is null ? v.Actor.Via.ToString() : $"{v.Actor.Via} ({v.Actor.Tool})");
        Add("Source IP", v.Actor.SourceIp);
        return new AlertContent
        {
            AlertId = notification.AlertId,
            Severity = v.Severity ?? Severity.Info,
            Tier = notification.Tier,
            Action = v.EventName,
            Actor = v.Actor.DisplayName,
            Facts = facts,
            Reasons = v.Reasons,
            Findings = [.. v.Findings.Select(f => f.Container is null ? $"{f.Id}: {f.Message}" : $"{f.Id} ({f.Container}): {f.Message}")],
            Remediation = v.Remediation,
            AcknowledgeUrl = notification.AcknowledgeUrl,
            ShortAcknowledgeUrl = notification.ShortAcknowledgeUrl,
            ResolveUrl = notification.ResolveUrl,
            BoardUrl = notification.BoardUrl,
            AckDeadline = notification.AckDeadline,
            EventTime = notification.EventTime,
            Attempted = v.Attempted,
        };
    }
}
