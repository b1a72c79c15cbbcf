namespace EcsRtma.Core.Findings;

/// <summary>Who made a change, judged from the record. Stored in orchestration history: only add optional members.</summary>
/// <param name="Privileged">Whether the principal is on the policy's privileged list; null while no policy names one.</param>
public sealed record Actor(ActorType Type, string? Arn, string DisplayName, CallVia Via, string? Tool, bool? Privileged)
{
    public string? AccountId { get; init; }

    /// <summary>The IAM role behind an assumed-role session (session issuer).</summary>
    public string? SessionIssuerArn { get; init; }

    public string? RoleName { get; init; }

    /// <summary>The IAM Identity Center permission set, for AWSReservedSSO_{set}_{id} roles.</summary>
    public string? PermissionSet { get; init; }

    public bool? Mfa { get; init; }

    /// <summary>The caller's account differs from the account the change happened in.</summary>
    public bool CrossAccount { get; init; }

    /// <summary>An AWS service-linked role (path /aws-service-role/).</summary>
    public bool ServiceLinkedRole { get; init; }

    public string? SourceIp { get; init; }
}
