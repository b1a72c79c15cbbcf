using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Integration.Tests;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>When the request arrived.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>A real HTTP endpoint on 127.0.0.1 standing in for a customer's webhook consumer.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _scriptedStatuses = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>The requests answered with success.</summary>
    public ConcurrentQueue<ReceivedRequest> Accepted { get; } = new();

    /// <summary>Until then every request gets 503: the consumer is down.</summary>
    public DateTimeOffset DownUntil { get; set; }

    /// <summary>When set, <see cref="DownUntil"/> and <see cref="BlackHoleUntil"/> apply only to requests whose path starts with it.</summary>
    public string? OutagePath { get; set; }

    /// <summary>Until then every request is held unanswered until the sender gives up: a black hole (the endpoint accepts connections, never answers).</summary>
    public DateTimeOffset BlackHoleUntil { get; set; }

    /// <summary>Answers the next requests 429 with this Retry-After (seconds).</summary>
    public void TooManyRequests(int count, int retryAfterSeconds)
    {
        _retryAfter = retryAfterSeconds;
        Interlocked.Exchange(ref _throttled, count);
    }

    private int _throttled;
    private int _retryAfter;

    /// <summary>
    /// Alert notifications after this many are held unanswered until <see cref="Release"/>: the sender is
    /// then mid-batch by construction (the host-kill test kills it while it waits), not by timing.
    /// </summary>
    public int HoldAfter { get; set; } = int.MaxValue;

    /// <summary>Alert notifications being held right now.</summary>
    public int Held => Volatile.Read(ref _held);

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _alerts;
    private int _held;

    /// <summary>Answers the held notifications and every later one normally.</summary>
    public void Release() => _release.TrySetResult();

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            string body = await reader.ReadToEndAsync();
            var request = new ReceivedRequest(http.Request.Method, http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body);
            receiver.Requests.Enqueue(request);
            bool inOutage = receiver.OutagePath is null || http.Request.Path.StartsWithSegments(receiver.OutagePath, StringComparison.Ordinal);
            if (inOutage && DateTimeOffset.UtcNow < receiver.BlackHoleUntil)
            {
                try
                {
                    await Task.Delay(receiver.BlackHoleUntil - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1), http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return Results.StatusCode(499); // the sender gave up waiting
            }

            if (Interlocked.Decrement(ref receiver._throttled) >= 0)
            {
                http.Response.Headers.RetryAfter = receiver._retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(429);
            }

            if (body.Contains("ecs.config_change.alert", StringComparison.Ordinal) && Interlocked.Increment(ref receiver._alerts) > receiver.HoldAfter && !receiver._release.Task.IsCompleted)
            {
                Interlocked.Increment(ref receiver._held);
                try
                {
                    await receiver._release.Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.StatusCode(499); // the sender went away while held
                }
                finally
                {
                    Interlocked.Decrement(ref receiver._held);
                }
            }

            int status = receiver._scriptedStatuses.TryDequeue(out int scripted) ? scripted
                : inOutage && DateTimeOffset.UtcNow < receiver.DownUntil ? 503
                : 204;
            if (status < 300)
            {
                receiver.Accepted.Enqueue(request);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hooks/ecs");
        return receiver;
    }

    /// <summary>Answers the next requests with these statuses (then 204).</summary>
    public void RespondWith(params int[] statuses)
    {
        foreach (int s in statuses)
        {
            _scriptedStatuses.Enqueue(s);
        }
    }

    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            ReceivedRequest? found = Requests.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
