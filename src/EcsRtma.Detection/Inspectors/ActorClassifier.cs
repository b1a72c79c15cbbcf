using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Detection.Inspectors;

/// <summary>Derives who made a call and through what, from <c>userIdentity</c>, <c>invokedBy</c> and the user agent.</summary>
public static class ActorClassifier
{
    private const string SsoRolePrefix = "AWSReservedSSO_";

    private static readonly (string Marker, string Tool)[] IacMarkers =
    [
        ("Terraform", "Terraform"),
        ("aws-cdk", "AWS CDK"),
        ("Pulumi", "Pulumi"),
        ("copilot", "AWS Copilot"),
        ("cloudformation.amazonaws.com", "CloudFormation"),
        ("AWSCloudFormation", "CloudFormation"),
    ];

    public static Actor Classify(CloudTrailEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        UserIdentity id = e.UserIdentity;
        ActorType type = id.Type switch
        {
            "Root" => ActorType.Root,
            "IAMUser" => ActorType.IAMUser,
            "AssumedRole" => ActorType.AssumedRole,
            "FederatedUser" => ActorType.FederatedUser,
            "AWSService" => ActorType.AWSService,
            "AWSAccount" => ActorType.AWSAccount,
            "IdentityCenterUser" => ActorType.IdentityCenterUser,
            _ => ActorType.Unknown,
        };

        string? roleName = id.SessionIssuerType == "Role" ? LastSegment(id.SessionIssuerArn) ?? id.SessionIssuerUserName : null;
        string? permissionSet = PermissionSetOf(roleName);
        (CallVia via, string? tool) = ClassifyVia(e);
        string? callerAccount = id.AccountId;
        return new Actor(type, id.Arn ?? id.SessionIssuerArn, DisplayName(id, type, permissionSet), via, tool, Privileged: null)
        {
            AccountId = callerAccount,
            SessionIssuerArn = id.SessionIssuerArn,
            RoleName = roleName,
            PermissionSet = permissionSet,
            Mfa = id.MfaAuthenticated,
            CrossAccount = callerAccount is { Length: > 0 } && e.RecipientAccountId is { Length: > 0 } && callerAccount != e.RecipientAccountId,
            ServiceLinkedRole = id.SessionIssuerArn?.Contains(":role/aws-service-role/", StringComparison.Ordinal) == true,
            SourceIp = e.SourceIpAddress,
        };
    }

    /// <summary>"AWSReservedSSO_PlatformAdmin_0123456789abcdef" → "PlatformAdmin".</summary>
    private static string? PermissionSetOf(string? roleName)
    {
        if (roleName is null || !roleName.StartsWith(SsoRolePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = roleName[SsoRolePrefix.Length..];
        int last = rest.LastIndexOf('_');
        return last > 0 ? rest[..last] : rest;
    }

    private static string DisplayName(UserIdentity id, ActorType type, string? permissionSet)
    {
        if (type == ActorType.Root)
        {
            return $"root ({id.AccountId ?? "unknown account"})";
        }

        if (type == ActorType.AWSService)
        {
            return id.InvokedBy ?? "AWS service";
        }

        if (permissionSet is not null && id.Arn is { } ssoArn)
        {
            return $"{LastSegment(ssoArn)} (SSO {permissionSet})";
        }

        // For an assumed role, "role/session" is what a human recognises.
        if (id.Arn is { } arn)
        {
            int slash = arn.IndexOf('/', StringComparison.Ordinal);
            return slash >= 0 ? arn[(slash + 1)..] : arn;
        }

        return id.UserName ?? id.PrincipalId ?? "unknown principal";
    }

    private static string? LastSegment(string? arn)
    {
        if (arn is null)
        {
            return null;
        }

        int slash = arn.LastIndexOf('/');
        return slash >= 0 ? arn[(slash + 1)..] : arn;
    }

    private static (CallVia Via, string? Tool) ClassifyVia(CloudTrailEvent e)
    {
        string ua = e.UserAgent ?? string.Empty;
        if (e.UserIdentity.InvokedBy is { Length: > 0 } invokedBy && !invokedBy.Contains("console", StringComparison.OrdinalIgnoreCase))
        {
            return invokedBy.StartsWith("cloudformation", StringComparison.OrdinalIgnoreCase)
                ? (CallVia.InfrastructureAsCode, "CloudFormation")
                : (CallVia.AwsService, invokedBy);
        }

        if (ua.StartsWith("Amazon ECS Agent", StringComparison.Ordinal))
        {
            return (CallVia.EcsAgent, "ECS agent");
        }

        // Case-sensitive on purpose: these tools write their names in a fixed case, and ordinal
        // search is several times cheaper than ignore-case on long user agents (the hot path).
        foreach ((string marker, string tool) in IacMarkers)
        {
            if (ua.Contains(marker, StringComparison.Ordinal))
            {
                return (CallVia.InfrastructureAsCode, tool);
            }
        }

        if (e.UserIdentity.SessionCredentialFromConsole == true
            || ua.Equals("console.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || ua.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("console.ecs.amazonaws.com", StringComparison.Ordinal))
        {
            return (CallVia.Console, "AWS console");
        }

        if (ua.StartsWith("aws-cli/", StringComparison.Ordinal))
        {
            return (CallVia.Cli, "AWS CLI");
        }

        if (ua.Contains("aws-sdk-", StringComparison.Ordinal)
            || ua.StartsWith("Boto3/", StringComparison.Ordinal)
            || ua.StartsWith("Botocore/", StringComparison.Ordinal)
            || ua.Contains("aws-internal", StringComparison.Ordinal))
        {
            return (CallVia.Sdk, "AWS SDK");
        }

        if (ua.Equals("AWS Internal", StringComparison.OrdinalIgnoreCase))
        {
            return (CallVia.AwsService, "AWS internal");
        }

        return (CallVia.Unknown, null);
    }
}
