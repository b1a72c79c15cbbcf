namespace EcsRtma.Detection.Policy;

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
