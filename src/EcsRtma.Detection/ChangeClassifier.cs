using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Inspectors;
using EcsRtma.Detection.Policy;

namespace EcsRtma.Detection;

/// <summary>
/// The detection engine: is it an ECS change, which action, who made it and how, was the principal
/// allowed to, what does the change itself contain (task-definition inspection), how severe is it,
/// and is it suppressed. Pure: no I/O and no clock, so the same record always gets the same verdict.
/// </summary>
public sealed class ChangeClassifier
{
    private static readonly HashSet<string> AgentActions = new(StringComparer.Ordinal)
    {
        "SubmitTaskStateChange", "SubmitContainerStateChange", "SubmitAttachmentStateChanges", "RegisterContainerInstance", "UpdateContainerAgent",
    };

    private static readonly HashSet<string> TaskDefinitionActions = new(StringComparer.Ordinal) { "RegisterTaskDefinition", "RegisterDaemonTaskDefinition" };

    private static readonly HashSet<string> LaunchActions = new(StringComparer.Ordinal) { "RunTask", "StartTask" };

    private readonly EcsActionCatalog _catalog;
    private readonly DetectionPolicy _policy;
    private readonly TaskDefinitionInspector _inspector;
    private readonly SuppressionEvaluator _suppression;

    public ChangeClassifier(EcsActionCatalog catalog)
        : this(catalog, DetectionPolicy.Empty)
    {
    }

    public ChangeClassifier(EcsActionCatalog catalog, DetectionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        _catalog = catalog;
        _policy = policy;
        _inspector = new TaskDefinitionInspector(policy);
        _suppression = new SuppressionEvaluator(policy);

        // The texts that depend only on the action are built once, here, not for every record.
        _texts = catalog.Actions.ToDictionary(
            a => a.Name,
            a => new ActionTexts($"{a.Name}: {a.Description}", $"{a.Name} by the ECS agent is routine housekeeping", $"Ignored: {a.Name} by the ECS agent"),
            StringComparer.Ordinal);
    }

    private sealed record ActionTexts(string Reason, string AgentReason, string AgentTitle);

    private readonly Dictionary<string, ActionTexts> _texts;

    public Verdict Classify(CloudTrailEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Actor actor = ActorClassifier.Classify(e);

        if (!string.Equals(e.EventSource, CloudTrailParser.EcsEventSource, StringComparison.Ordinal))
        {
            return Build(e, actor, Outcome.Ignored, null, null, [$"eventSource is {e.EventSource}, not {CloudTrailParser.EcsEventSource}"], [], [], $"Ignored: {e.EventName} from {e.EventSource}");
        }

        if (!_catalog.TryGet(e.EventName, out EcsAction action))
        {
            string reason = IsReadOnly(e)
                ? $"{e.EventName} is a read-only call (counted, never alerted)"
                : $"{e.EventName} is not in the ECS action catalog (an operation newer than this build?)";
            return Build(e, actor, Outcome.Ignored, null, null, [reason], [], [], $"Ignored: {e.EventName}");
        }

        ActionTexts texts = _texts[action.Name];
        if (AgentActions.Contains(action.Name) && actor.Via == CallVia.EcsAgent && e.ErrorCode is null)
        {
            return Build(e, actor, Outcome.Ignored, null, action.ResourceType, [texts.AgentReason], [], [], texts.AgentTitle);
        }

        actor = actor with { Privileged = JudgePrivilege(actor) };
        var reasons = new List<string>(4) { texts.Reason };
        var findings = new List<Finding>();
        var remediation = new List<string> { action.Remediation };
        Severity severity = _policy.Severity.Actions.TryGetValue(action.Name, out Severity overridden) ? overridden : action.Severity;

        reasons.Add(Describe("by ", actor));
        if (actor.Type == ActorType.Root)
        {
            findings.Add(new Finding(FindingIds.RootPrincipal, Severity.Critical, null, "userIdentity.type", "the account's root user made this call; root should never be used for ECS changes"));
            remediation.Add("Stop using the root user: enable MFA on it, remove its access keys, and use IAM Identity Center roles for ECS changes.");
        }

        if (actor.Privileged == false)
        {
            findings.Add(new Finding(FindingIds.NonPrivilegedPrincipal, Severity.High, null, "userIdentity.arn",
                $"High, not acceptable risk: {actor.DisplayName} is not on the policy's privileged list for ECS changes"));
            remediation.Add(DenyPolicy(actor, action.Name));
        }

        if (AgentActions.Contains(action.Name) && actor.Via != CallVia.EcsAgent && action.Name.StartsWith("Submit", StringComparison.Ordinal))
        {
            severity = Max(severity, Severity.High);
            reasons.Add($"{action.Name} is normally called only by the ECS agent; here it came from {Describe(string.Empty, actor)}");
        }

        if (actor.CrossAccount)
        {
            findings.Add(new Finding(FindingIds.CrossAccountCall, Severity.Medium, null, "userIdentity.accountId", $"the caller belongs to account {actor.AccountId}, not {e.RecipientAccountId}"));
        }

        if (e.ErrorCode is { Length: > 0 } error)
        {
            findings.Add(new Finding(FindingIds.AttemptedChange, severity, null, "errorCode",
                $"the call failed with {error}: an attempted change, nothing was changed{(error.Contains("Denied", StringComparison.OrdinalIgnoreCase) || error.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase) ? "; a denied attempt can be reconnaissance" : string.Empty)}"));
        }
        else
        {
            InspectRequest(e, action.Name, findings);
        }

        ApplyFindingOverrides(findings);
        IReadOnlyList<Finding> folded = VerdictBounds.Fold(findings);
        foreach (Finding finding in folded)
        {
            severity = Max(severity, finding.Severity);
            reasons.Add(finding.Message);
        }

        string where = $"{e.RecipientAccountId ?? "?"}/{e.AwsRegion ?? "?"}";
        string title = $"{severity}: {(e.ErrorCode is null ? string.Empty : "attempted ")}{action.Name} by {actor.DisplayName} in {where}{(e.Cluster is null ? string.Empty : $" (cluster {e.Cluster})")}";

        if (_suppression.Match(e, actor) is { } rule)
        {
            reasons.Add($"suppressed by rule '{rule.Name}'{(rule.Reason is null ? string.Empty : $": {rule.Reason}")}");
            return Build(e, actor, Outcome.Suppressed, severity, action.ResourceType, reasons, folded, remediation, "Suppressed: " + title) with { SuppressedBy = rule.Name };
        }

        return Build(e, actor, Outcome.Alert, severity, action.ResourceType, reasons, folded, remediation, title);
    }

    private void InspectRequest(CloudTrailEvent e, string action, List<Finding> findings)
    {
        // Everything comes from the parser's single pass (RequestFacts): the request is never parsed again.
        RequestFacts? request = e.Request;
        if (action == "ExecuteCommand")
        {
            string? container = request?.Container, command = request?.Command;
            findings.Add(new Finding(FindingIds.InteractiveShell, Severity.High, container, "command",
                $"an interactive shell was opened in {(container is null ? "a running container" : $"container {container}")}{(command is null ? string.Empty : $" (command {Truncate(command)})")}"));
            return;
        }

        if (e.AssignPublicIp == true && (LaunchActions.Contains(action) || action is "CreateService" or "UpdateService" or "CreateTaskSet"))
        {
            findings.Add(new Finding(FindingIds.PublicIpAssigned, Severity.Medium, null, "networkConfiguration.awsvpcConfiguration.assignPublicIp", "tasks get public IP addresses: reachable from the internet unless a security group prevents it"));
        }

        if (request is null)
        {
            return;
        }

        if (TaskDefinitionActions.Contains(action))
        {
            findings.AddRange(_inspector.InspectTaskDefinition(request.TaskDefinition));
        }
        else if (LaunchActions.Contains(action) && request.ContainerOverrides.Count > 0)
        {
            findings.AddRange(_inspector.InspectOverrides(request.ContainerOverrides));
        }
    }

    private void ApplyFindingOverrides(List<Finding> findings)
    {
        for (int i = 0; i < findings.Count; i++)
        {
            if (_policy.Severity.Findings.TryGetValue(findings[i].Id, out Severity severity))
            {
                findings[i] = findings[i] with { Severity = severity };
            }
        }
    }

    private bool? JudgePrivilege(Actor actor)
    {
        if (!_policy.JudgesPrivilege)
        {
            return null;
        }

        if (actor.Type == ActorType.AWSService || actor.ServiceLinkedRole || actor.Via == CallVia.AwsService)
        {
            return true;
        }

        PrivilegedPrincipals p = _policy.Privileged;
        return AnyMatch(p.Arns, actor.Arn) || AnyMatch(p.Arns, actor.SessionIssuerArn)
            || AnyMatch(p.RoleNames, actor.RoleName)
            || AnyMatch(p.PermissionSets, actor.PermissionSet)
            || (actor.AccountId is not null && p.Accounts.Contains(actor.AccountId) && actor.Type != ActorType.Root);
    }

    private static bool AnyMatch(List<string> globs, string? value)
    {
        foreach (string glob in globs)
        {
            if (Glob.IsMatch(glob, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Least-privilege advice: an explicit deny for the ECS actions this principal used.</summary>
    private static string DenyPolicy(Actor actor, string action)
    {
        string target = actor.RoleName is not null ? $"role {actor.RoleName}" : actor.Type == ActorType.IAMUser ? $"user {actor.DisplayName}" : actor.DisplayName;
        return $$"""If {{target}} should not change ECS, attach this deny (or the equivalent SCP): {"Version":"2012-10-17","Statement":[{"Sid":"DenyEcsChanges","Effect":"Deny","Action":["ecs:{{action}}"],"Resource":"*"}]}""";
    }

    private static string Describe(string prefix, Actor actor)
    {
        string via = actor.Tool ?? (actor.Via == CallVia.Unknown ? "an unrecognised client" : actor.Via.ToString());
        string privilege = actor.Privileged switch
        {
            true => ", a privileged principal",
            false => ", NOT a privileged principal",
            null => string.Empty,
        };
        string mfa = actor.Mfa == true ? ", with MFA" : string.Empty;
        return $"{prefix}{actor.Type} {actor.DisplayName} via {via}{privilege}{mfa}{(actor.SourceIp is null ? string.Empty : $" from {actor.SourceIp}")}";
    }

    /// <summary>A verdict on <paramref name="e"/>, bounded (<see cref="VerdictBounds"/>); also used for processing failures.</summary>
    internal static Verdict Build(CloudTrailEvent e, Actor actor, Outcome outcome, Severity? severity, string? resourceType, IReadOnlyList<string> reasons, IReadOnlyList<Finding> findings, IReadOnlyList<string> remediation, string title) => VerdictBounds.Apply(new()
    {
        EventKey = e.EventKey,
        EventId = e.EventId,
        EventName = e.EventName,
        Outcome = outcome,
        Severity = severity,
        ResourceType = resourceType,
        Actor = actor,
        Reasons = reasons,
        Findings = findings,
        Remediation = remediation,
        Attempted = e.ErrorCode is not null,
        AccountId = e.RecipientAccountId ?? e.UserIdentity.AccountId,
        Region = e.AwsRegion,
        Cluster = e.Cluster,
        Service = e.Service,
        TaskDefinition = e.TaskDefinition,
        SourceIp = e.SourceIpAddress,
        UserAgent = e.UserAgent,
        Title = title,
    });

    private static Severity Max(Severity a, Severity b) => a >= b ? a : b;

    private static bool IsReadOnly(CloudTrailEvent e) =>
        e.ReadOnly == true
        || e.EventName.StartsWith("Describe", StringComparison.Ordinal)
        || e.EventName.StartsWith("List", StringComparison.Ordinal)
        || e.EventName.StartsWith("Get", StringComparison.Ordinal);

    private static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");
}
