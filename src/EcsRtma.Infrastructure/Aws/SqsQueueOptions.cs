using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Infrastructure.Aws;

/// <summary>
/// A further queue to drain (section <c>Sqs:AdditionalQueues:N</c>): another account or region that
/// is not forwarded to the central bus. Unset connection settings are taken from <c>Sqs</c>.
/// </summary>
public sealed class SqsQueueOptions
{
    [Required]
    public Uri QueueUrl { get; set; } = null!;

    public string? Region { get; set; }

    public string? RoleArn { get; set; }

    public Uri? ServiceUrl { get; set; }

    /// <summary>Concurrent receivers for this queue (default: Drain:Receivers).</summary>
    [Range(1, 32)]
    public int? Receivers { get; set; }

    /// <summary>These settings over the primary queue's: the same identity and endpoint unless overridden.</summary>
    public SqsOptions Over(SqsOptions primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return new SqsOptions
        {
            QueueUrl = QueueUrl,
            Region = Region ?? primary.Region,
            RoleArn = RoleArn ?? primary.RoleArn,
            ServiceUrl = ServiceUrl ?? primary.ServiceUrl,
            WebIdentityAudience = primary.WebIdentityAudience,
            StsServiceUrl = primary.StsServiceUrl,
            AccessKeyId = primary.AccessKeyId,
            SecretAccessKey = primary.SecretAccessKey,
        };
    }
}
