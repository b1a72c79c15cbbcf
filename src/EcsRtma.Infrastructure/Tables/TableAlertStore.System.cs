using Azure;
using Azure.Data.Tables;
using EcsRtma.Core.Ports;

namespace EcsRtma.Infrastructure.Tables;

/// <summary>
/// What EcsRtma keeps about its own operation: <c>{prefix}EventIds</c> (PK = event key, RK = "e": the
/// content hash each eventID was first received with) and <c>{prefix}Channels</c> (PK = RK = channel
/// name: reachability and the outage alert, optimistic concurrency).
/// </summary>
public sealed partial class TableAlertStore : IEventIndex, IChannelHealthStore
{
    public async Task<string> ClaimEventAsync(string eventKey, string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        ArgumentException.ThrowIfNullOrEmpty(contentHash);
        string key = KeySafe(eventKey);
        try
        {
            await _eventIds.AddEntityAsync(new TableEntity(key, "e") { ["ContentHash"] = contentHash, ["FirstSeen"] = _time.GetUtcNow() }, cancellationToken);
            return contentHash;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            NullableResponse<TableEntity> found = await _eventIds.GetEntityIfExistsAsync<TableEntity>(key, "e", cancellationToken: cancellationToken);
            return found.HasValue ? found.Value!.GetString("ContentHash") ?? contentHash : contentHash;
        }
    }

    public async Task<IReadOnlyList<ChannelState>> GetChannelStatesAsync(CancellationToken cancellationToken = default)
    {
        var states = new List<ChannelState>();
        await foreach (TableEntity e in _channels.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            states.Add(ToChannelState(e));
        }

        return states;
    }

    public async Task<ChannelState?> GetChannelStateAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        NullableResponse<TableEntity> found = await _channels.GetEntityIfExistsAsync<TableEntity>(KeySafe(channel), KeySafe(channel), cancellationToken: cancellationToken);
        return found.HasValue ? ToChannelState(found.Value!) : null;
    }

    public async Task<bool> TrySetChannelStateAsync(ChannelState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = new TableEntity(KeySafe(state.Channel), KeySafe(state.Channel))
        {
            ["Channel"] = state.Channel,
            ["FailingSince"] = state.FailingSince,
            ["LastFailureAt"] = state.LastFailureAt,
            ["LastError"] = Truncate(state.LastError, Core.Limits.TextChars),
            ["LastAnswerAt"] = state.LastAnswerAt,
            ["OutageAlertId"] = state.OutageAlertId,
        };
        try
        {
            if (state.ETag is null)
            {
                await _channels.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await _channels.UpdateEntityAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static ChannelState ToChannelState(TableEntity e) => new(
        e.GetString("Channel") ?? e.PartitionKey,
        e.GetDateTimeOffset("FailingSince"),
        e.GetDateTimeOffset("LastFailureAt"),
        e.GetString("LastError"),
        e.GetDateTimeOffset("LastAnswerAt"),
        e.GetString("OutageAlertId"),
        e.ETag.ToString());
}
