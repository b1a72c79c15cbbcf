using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>Burst grouping: the open alert a principal and cluster are gathering changes into. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IAlertGroups
{
    /// <summary>The current group (burst thread) for a key, with its concurrency token, or null.</summary>
    Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creates (ETag null) or replaces (ETag of the version read) a group. Returns false when another writer got there first.</summary>
    Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default);
}
