using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using Microsoft.Extensions.Options;

namespace EcsRtma.Integration.Tests;

/// <summary>The SQS adapter against fauxqs: batch receive with receive counts, visibility extension, batch delete.</summary>
public sealed class SqsChangeQueueClientTests
{
    [Fact]
    public async Task ExtendVisibility_KeepsAReceivedMessageHiddenPastItsTimeout_ThenDeleteRemovesIt()
    {
        var options = new SqsOptions { ServiceUrl = Emulators.SqsServiceUrl, QueueUrl = new Uri("http://placeholder/q"), Region = "us-east-1", AccessKeyId = "test", SecretAccessKey = "test" };
        using IAmazonSQS sqs = InfrastructureRegistration.CreateSqsClient(options);
        QueueUrls queues = await SqsQueueProvisioner.EnsureAsync(sqs, "visibility-" + Guid.NewGuid().ToString("N")[..8], 5, TimeSpan.FromSeconds(2));
        await sqs.SendMessageAsync(queues.QueueUrl, "slow one");
        options.QueueUrl = new Uri(queues.QueueUrl);
        var client = new SqsChangeQueueClient(sqs, Options.Create(options));

        QueueMessage message = Assert.Single(await client.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(1, message.ReceiveCount);
        await client.ExtendVisibilityAsync([message], TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the queue's 2 s visibility timeout

        Assert.Empty(await client.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(await client.DeleteAsync([message], CancellationToken.None));
        GetQueueAttributesResponse attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queues.QueueUrl, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] });
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }
}
