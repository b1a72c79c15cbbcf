using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Infrastructure.Aws;

/// <summary>Receives and deletes change messages on Amazon SQS (batch receive, long polling, batch delete).</summary>
public sealed class SqsChangeQueueClient(IAmazonSQS sqs, Uri queueUrl) : IChangeQueueClient
{
    private readonly string _queueUrl = queueUrl.ToString();

    public SqsChangeQueueClient(IAmazonSQS sqs, IOptions<SqsOptions> options)
        : this(sqs, (options ?? throw new ArgumentNullException(nameof(options))).Value.QueueUrl)
    {
    }

    public string Name => queueUrl.Segments[^1];

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        ReceiveMessageResponse response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = _queueUrl,
            MaxNumberOfMessages = Math.Clamp(maxMessages, 1, 10),
            WaitTimeSeconds = (int)Math.Clamp(wait.TotalSeconds, 0, 20),
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, cancellationToken);

        if (response.Messages is not { Count: > 0 } messages)
        {
            return [];
        }

        return [.. messages.Select(m => new QueueMessage(m.MessageId, m.ReceiptHandle, m.Body ?? string.Empty, ReceiveCount(m)))];
    }

    public async Task ExtendVisibilityAsync(IReadOnlyList<QueueMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (QueueMessage[] chunk in messages.Chunk(10))
        {
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle) { VisibilityTimeout = (int)visibility.TotalSeconds })],
            }, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failed = new List<string>();
        foreach (QueueMessage[] chunk in messages.Chunk(10))
        {
            DeleteMessageBatchResponse response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = [.. chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
            }, cancellationToken);

            foreach (BatchResultErrorEntry error in response.Failed ?? [])
            {
                failed.Add(chunk[int.Parse(error.Id, CultureInfo.InvariantCulture)].MessageId);
            }
        }

        return failed;
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is { } attributes
        && attributes.TryGetValue("ApproximateReceiveCount", out string? text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            ? count
            : 1;
}
