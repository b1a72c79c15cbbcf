using System.Collections.Concurrent;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow.Channels;

/// <summary>
/// Keeps <see cref="IChannelHealthStore"/> true about each channel: since when every attempt has failed,
/// and that it answers again. Writes only on a change of state (the first failure after an answer, the
/// first answer after failures), so a healthy channel costs nothing; what this instance last wrote is
/// trusted for a minute, then read again, so several instances agree. Never fails a delivery: a storage
/// error here is logged and the next attempt tries again.
/// </summary>
public sealed class ChannelHealth(IChannelHealthStore? store, TimeProvider time, ILogger<ChannelHealth> logger)
{
    private static readonly TimeSpan TrustFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (bool Failing, DateTimeOffset At)> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An attempt over the channel got no usable answer (down, slow, throttling, 5xx, circuit open).</summary>
    public Task FailedAsync(string channel, string error, CancellationToken cancellationToken = default) =>
        SetAsync(channel, failing: true, error, cancellationToken);

    /// <summary>The channel answered (delivered).</summary>
    public Task AnsweredAsync(string channel, CancellationToken cancellationToken = default) =>
        SetAsync(channel, failing: false, null, cancellationToken);

    private async Task SetAsync(string channel, bool failing, string? error, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (store is null || (_known.TryGetValue(channel, out var known) && known.Failing == failing && now - known.At < TrustFor))
        {
            return;
        }

        try
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                ChannelState? current = await store.GetChannelStateAsync(channel, cancellationToken);
                bool wasFailing = current?.FailingSince is not null;
                if (wasFailing == failing)
                {
                    // Already written (by another instance or an earlier attempt). A failing channel's last
                    // failure is kept fresh, at most once a minute, so an outage is told from a channel nobody has tried since.
                    if (failing && current!.LastFailureAt is { } last && now - last >= TrustFor
                        && !await store.TrySetChannelStateAsync(current with { LastFailureAt = now, LastError = Core.Text.UntrustedText.Clean(error ?? "failed", Core.Limits.TextChars) }, cancellationToken))
                    {
                        continue;
                    }

                    break;
                }

                ChannelState next = failing
                    ? new ChannelState(channel, now, now, Core.Text.UntrustedText.Clean(error ?? "failed", Core.Limits.TextChars), current?.LastAnswerAt, current?.OutageAlertId, current?.ETag)
                    : new ChannelState(channel, null, current?.LastFailureAt, current?.LastError, now, current?.OutageAlertId, current?.ETag);
                if (await store.TrySetChannelStateAsync(next, cancellationToken))
                {
                    if (failing)
                    {
                        Log.ChannelFailing(logger, channel, next.LastError!);
                    }
                    else
                    {
                        Log.ChannelAnswering(logger, channel, current?.FailingSince ?? now);
                    }

                    break;
                }
            }

            _known[channel] = (failing, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ChannelHealthFailed(logger, channel, ex.GetType().Name, ex.Message);
        }
    }
}
