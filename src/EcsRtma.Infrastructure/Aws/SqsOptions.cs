using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Infrastructure.Aws;

/// <summary>The SQS queue EventBridge feeds. Section <c>Sqs</c>.</summary>
public sealed class SqsOptions
{
    public const string SectionName = "Sqs";

    /// <summary>The queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME).</summary>
    [Required]
    public Uri QueueUrl { get; set; } = null!;

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Endpoint override for an emulator (e.g. http://127.0.0.1:9324). Leave empty for AWS.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// IAM role to assume with the managed identity's Entra ID token (STS AssumeRoleWithWebIdentity):
    /// keyless authentication from Azure. Output ReaderRoleArn of infra/aws/ecs-rtma-ingest.json.
    /// </summary>
    public string? RoleArn { get; set; }

    /// <summary>Audience of the Entra ID token; must be in the AWS OIDC provider's client id list.</summary>
    public string WebIdentityAudience { get; set; } = "api://AzureADTokenExchange";

    /// <summary>STS endpoint override (tests only).</summary>
    public Uri? StsServiceUrl { get; set; }

    /// <summary>Static credentials for an emulator only. In AWS use the default credential chain or web identity; never store real keys here.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Further queues drained in the same runs (several accounts or regions without a central bus).</summary>
    public List<SqsQueueOptions> AdditionalQueues { get; set; } = [];
}
