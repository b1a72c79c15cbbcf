namespace EcsRtma.Core.Ports;

/// <summary>
/// What EcsRtma knows of each channel's reachability, shared by every instance of the app: since when
/// every attempt has failed (null while it answers), and the "channel unreachable" alert raised for the
/// outage. Azure Table Storage in production (<c>TableAlertStore</c>).
/// </summary>
public interface IChannelHealthStore
{
    Task<IReadOnlyList<ChannelState>> GetChannelStatesAsync(CancellationToken cancellationToken = default);

    Task<ChannelState?> GetChannelStateAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Creates (ETag null) or replaces (ETag of the version read) a channel's state. False when another writer got there first.</summary>
    Task<bool> TrySetChannelStateAsync(ChannelState state, CancellationToken cancellationToken = default);
}
