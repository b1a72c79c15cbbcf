namespace EcsRtma.Core.Detection;

/// <summary>The kind of AWS principal that made a call (CloudTrail <c>userIdentity.type</c>).</summary>
public enum ActorType
{
    Unknown = 0,
    Root,
    IAMUser,
    AssumedRole,
    FederatedUser,
    AWSService,
    AWSAccount,
    IdentityCenterUser,
}

/// <summary>How the call reached AWS.</summary>
public enum CallVia
{
    Unknown = 0,
    Console,
    Cli,
    Sdk,
    InfrastructureAsCode,
    EcsAgent,
    AwsService,
}

/// <summary>Who made a change, judged from the record.</summary>
/// <param name="Privileged">Whether the principal is on the privileged list; null while no policy is configured.</param>
public sealed record Actor(ActorType Type, string? Arn, string DisplayName, CallVia Via, string? Tool, bool? Privileged);
