namespace EcsRtma.Detection.Policy;

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
