using System.Globalization;
using EcsRtma.Core;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;

namespace EcsRtma.Detection;

/// <summary>
/// Keeps a verdict within <see cref="Limits"/> by construction: findings of one kind beyond a few are
/// folded into one ("700 environment variables look like secrets: DB_PASSWORD_0000, … (+695)"), and
/// the title, reasons, findings and remediation are capped in count and length. A verdict that left
/// the classifier therefore always fits durable history, a Table Storage entity and every channel.
/// </summary>
public static class VerdictBounds
{
    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        [FindingIds.PlaintextSecretEnvironment] = "environment variables look like secrets",
        [FindingIds.PrivilegedContainer] = "containers are privileged",
        [FindingIds.AddedCapabilities] = "containers add Linux capabilities",
        [FindingIds.CredentialsEndpointCommand] = "containers read the task credentials endpoint",
        [FindingIds.RootUser] = "containers run as root",
        [FindingIds.WritableRootFilesystem] = "containers have a writable root filesystem",
        [FindingIds.NoLogConfiguration] = "containers have no log configuration",
        [FindingIds.NoMemoryHardLimit] = "containers have no memory hard limit",
        [FindingIds.NoHealthCheck] = "containers have no health check",
        [FindingIds.EfsTransitEncryptionDisabled] = "EFS volumes are mounted without encryption in transit",
    };

    /// <summary>Folds findings of one kind beyond <see cref="Limits.FoldFindingsAbove"/> into one, in the order first seen.</summary>
    public static IReadOnlyList<Finding> Fold(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count <= Limits.FoldFindingsAbove)
        {
            return findings;
        }

        var byKind = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (Finding finding in findings)
        {
            if (!byKind.TryGetValue(finding.Id, out List<Finding>? group))
            {
                byKind[finding.Id] = group = [];
                order.Add(finding.Id);
            }

            group.Add(finding);
        }

        var result = new List<Finding>(order.Count);
        foreach (string id in order)
        {
            List<Finding> group = byKind[id];
            result.Add(group.Count <= Limits.FoldFindingsAbove ? group[0] : FoldKind(id, group));
            if (group.Count <= Limits.FoldFindingsAbove)
            {
                result.AddRange(group.Skip(1));
            }
        }

        return result;
    }

    /// <summary>The verdict with every list and text within <see cref="Limits"/>.</summary>
    public static Verdict Apply(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        IReadOnlyList<Finding> findings = Fold(verdict.Findings);
        if (findings.Count > Limits.MaxFindings)
        {
            int dropped = findings.Count - (Limits.MaxFindings - 1);
            Severity worst = findings.Skip(Limits.MaxFindings - 1).Max(f => f.Severity);
            findings = [.. findings.Take(Limits.MaxFindings - 1), new Finding("more-findings", worst, null, null, $"{dropped} more findings not listed")];
        }

        // Built once: a verdict that is already within bounds (the usual case) is returned as it is.
        string title = UntrustedText.Clean(verdict.Title, Limits.TitleChars);
        IReadOnlyList<string> reasons = Cap(verdict.Reasons, Limits.MaxReasons, Limits.ReasonChars, n => $"{n} more reasons not listed");
        IReadOnlyList<Finding> bounded = BoundEach(findings);
        IReadOnlyList<string> remediation = Cap(verdict.Remediation, Limits.MaxRemediation, Limits.RemediationChars, n => $"{n} more remediation steps not listed");
        return ReferenceEquals(title, verdict.Title) && ReferenceEquals(reasons, verdict.Reasons) && ReferenceEquals(bounded, verdict.Findings) && ReferenceEquals(remediation, verdict.Remediation)
            ? verdict
            : verdict with { Title = title, Reasons = reasons, Findings = bounded, Remediation = remediation };
    }

    /// <summary>Each finding's texts within bounds; the same list when none needed changing.</summary>
    private static IReadOnlyList<Finding> BoundEach(IReadOnlyList<Finding> findings)
    {
        Finding[]? copy = null;
        for (int i = 0; i < findings.Count; i++)
        {
            Finding f = findings[i];
            string message = UntrustedText.Clean(f.Message, Limits.FindingMessageChars);
            string? container = UntrustedText.Bound(f.Container, Limits.QuotedNameChars);
            string? field = UntrustedText.Bound(f.Field, Limits.NameChars);
            string? subject = UntrustedText.Bound(f.Subject, Limits.QuotedNameChars);
            if (ReferenceEquals(message, f.Message) && ReferenceEquals(container, f.Container) && ReferenceEquals(field, f.Field) && ReferenceEquals(subject, f.Subject))
            {
                continue;
            }

            copy ??= [.. findings];
            copy[i] = f with { Message = message, Container = container, Field = field, Subject = subject };
        }

        return copy ?? findings;
    }

    private static Finding FoldKind(string id, List<Finding> group)
    {
        string noun = Nouns.TryGetValue(id, out string? n) ? n : $"findings of kind {id}";
        string[] names = [.. group.Select(f => f.Subject ?? f.Container).OfType<string>().Distinct(StringComparer.Ordinal)];
        string listed = names.Length == 0
            ? string.Empty
            : ": " + string.Join(", ", names.Take(Limits.FoldedNamesListed)) + (names.Length > Limits.FoldedNamesListed ? string.Create(CultureInfo.InvariantCulture, $", … (+{names.Length - Limits.FoldedNamesListed})") : string.Empty);
        string[] containers = [.. group.Select(f => f.Container).OfType<string>().Distinct(StringComparer.Ordinal)];
        Finding first = group[0];
        return new Finding(id, group.Max(f => f.Severity), containers.Length == 1 ? containers[0] : null, first.Field,
            string.Create(CultureInfo.InvariantCulture, $"{group.Count} {noun}{listed}"))
        {
            Count = group.Count,
        };
    }

    private static IReadOnlyList<string> Cap(IReadOnlyList<string> items, int maxCount, int maxChars, Func<int, string> more)
    {
        if (items.Count <= maxCount && Fits(items, maxChars))
        {
            return items;
        }

        var result = new List<string>(Math.Min(items.Count, maxCount));
        int keep = items.Count <= maxCount ? items.Count : maxCount - 1;
        result.AddRange(items.Take(keep).Select(i => UntrustedText.Truncate(i, maxChars)));
        if (items.Count > keep)
        {
            result.Add(more(items.Count - keep));
        }

        return result;
    }

    private static bool Fits(IReadOnlyList<string> items, int maxChars)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Length > maxChars)
            {
                return false;
            }
        }

        return true;
    }
}
