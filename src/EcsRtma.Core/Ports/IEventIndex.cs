namespace EcsRtma.Core.Ports;

/// <summary>
/// The content hash each eventID was first received with, so that a different record under a known
/// eventID is told from a copy. Azure Table Storage in production (<c>TableAlertStore</c>).
/// </summary>
public interface IEventIndex
{
    /// <summary>
    /// Records <paramref name="contentHash"/> under the event key unless one is already there. Returns the
    /// hash recorded first: the same one for a first sighting and for a copy, another one for a collision.
    /// </summary>
    Task<string> ClaimEventAsync(string eventKey, string contentHash, CancellationToken cancellationToken = default);
}
