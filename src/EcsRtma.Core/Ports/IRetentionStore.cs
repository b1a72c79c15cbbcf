namespace EcsRtma.Core.Ports;

/// <summary>Retention: deleting what is older than the configured period. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IRetentionStore
{
    /// <summary>Deletes alerts, changes and rejected messages older than the cutoff. Returns the number of rows deleted.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
