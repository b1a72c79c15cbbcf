namespace EcsRtma.Core.Detection;

/// <summary>
/// Site tuning for detection (a JSON or YAML file, see docs/POLICY.md): who is privileged, severity
/// overrides, and suppression rules. Empty by default: no principal is privileged-listed, so
/// privilege is not judged until a policy says who is.
/// </summary>
public sealed class DetectionPolicy
{
    public static DetectionPolicy Empty { get; } = new();

    public PrivilegedPrincipals Privileged { get; set; } = new();

    public SeverityOverrides Severity { get; set; } = new();

    public List<SuppressionRule> Suppress { get; set; } = [];

    /// <summary>Environment variable names (case-insensitive) to treat as secrets, beyond the built-in list.</summary>
    public List<string> SecretEnvironmentNames { get; set; } = [];

    /// <summary>True when the policy names at least one privileged principal, so "non-privileged" can be judged.</summary>
    public bool JudgesPrivilege => Privileged.Arns.Count + Privileged.RoleNames.Count + Privileged.PermissionSets.Count + Privileged.Accounts.Count > 0;
}

/// <summary>Principals allowed to change ECS. Any match makes the principal privileged.</summary>
public sealed class PrivilegedPrincipals
{
    /// <summary>ARN globs, matched against the caller ARN and the session issuer (role) ARN.</summary>
    public List<string> Arns { get; set; } = [];

    /// <summary>IAM role names (the session issuer's name), globs allowed.</summary>
    public List<string> RoleNames { get; set; } = [];

    /// <summary>IAM Identity Center permission set names (from AWSReservedSSO_{name}_{id} roles), globs allowed.</summary>
    public List<string> PermissionSets { get; set; } = [];

    /// <summary>Account ids whose principals are all privileged (e.g. a deployment tooling account).</summary>
    public List<string> Accounts { get; set; } = [];
}

public sealed class SeverityOverrides
{
    /// <summary>Action name → severity, replacing the catalog default.</summary>
    public Dictionary<string, Severity> Actions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Finding id → severity.</summary>
    public Dictionary<string, Severity> Findings { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A suppression rule: every condition it sets must hold (AND); within a list any entry may match (OR).
/// Rules are OR-ed: the first that matches suppresses. A suppressed change is still recorded.
/// </summary>
public sealed class SuppressionRule
{
    public string Name { get; set; } = string.Empty;

    public string? Reason { get; set; }

    public List<string> Actions { get; set; } = [];

    /// <summary>Globs against caller ARN, session issuer ARN or role name.</summary>
    public List<string> Principals { get; set; } = [];

    public List<string> Accounts { get; set; } = [];

    public List<string> Regions { get; set; } = [];

    /// <summary>Cluster name globs.</summary>
    public List<string> Clusters { get; set; } = [];

    /// <summary>Tools as reported in the verdict (Terraform, CloudFormation, AWS CLI, AWS console …).</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>UTC time windows (maintenance windows); the change's eventTime must fall in one.</summary>
    public List<TimeWindow> Windows { get; set; } = [];
}

/// <summary>A UTC window: optional days of week, start and end "HH:mm" (end may be before start: across midnight).</summary>
public sealed class TimeWindow
{
    public List<DayOfWeek> Days { get; set; } = [];

    public string Start { get; set; } = "00:00";

    public string End { get; set; } = "24:00";
}
