using Azure.Core;
using Azure.Core.Pipeline;

namespace EcsRtma.Load;

/// <summary>
/// Counts every request a storage client sends, per service (tables, queues, blobs): the Durable Task
/// Azure Storage provider's and the application's. An Azure SDK pipeline policy, so retries count too.
/// </summary>
public sealed class StorageRequestCounter
{
    private long _tables;
    private long _queues;
    private long _blobs;

    public long Tables => Interlocked.Read(ref _tables);

    public long Queues => Interlocked.Read(ref _queues);

    public long Blobs => Interlocked.Read(ref _blobs);

    public HttpPipelinePolicy For(string service) => new Counting(this, service);

    private sealed class Counting(StorageRequestCounter owner, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            switch (service)
            {
                case "tables": Interlocked.Increment(ref owner._tables); break;
                case "queues": Interlocked.Increment(ref owner._queues); break;
                default: Interlocked.Increment(ref owner._blobs); break;
            }
        }
    }
}
