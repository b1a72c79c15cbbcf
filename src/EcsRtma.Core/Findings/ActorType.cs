namespace EcsRtma.Core.Findings;

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
