using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace EcsRtma.Infrastructure.Aws;

/// <summary>
/// Creates the change queue and its dead-letter queue with a redrive policy, for the local host
/// and tests. In AWS the queues come from infra/aws (CloudFormation), never from the app.
/// </summary>
public static class SqsQueueProvisioner
{
    public static async Task<QueueUrls> EnsureAsync(IAmazonSQS sqs, string queueName, int maxReceiveCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        CreateQueueResponse dlq = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = queueName + "-dlq" }, cancellationToken);
        GetQueueAttributesResponse dlqAttributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = dlq.QueueUrl,
            AttributeNames = ["QueueArn"],
        }, cancellationToken);

        string redrive = $$"""{"deadLetterTargetArn":"{{dlqAttributes.QueueARN}}","maxReceiveCount":"{{maxReceiveCount.ToString(CultureInfo.InvariantCulture)}}"}""";
        CreateQueueResponse queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = queueName,
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = redrive,
                ["VisibilityTimeout"] = ((int)visibilityTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken);
        return new QueueUrls(queue.QueueUrl, dlq.QueueUrl);
    }
}
