using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Channels.Tests;

/// <summary>A request as the vendor would receive it.</summary>
public sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A local stand-in for a vendor endpoint on 127.0.0.1: records every request and answers from a
/// script (status, headers, body) — the default answer last in the script repeats.
/// </summary>
public sealed class VendorStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<CapturedRequest, Answer>> _script = new();

    private VendorStub(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public Func<CapturedRequest, Answer> Default { get; set; } = _ => new Answer(200, "{}");

    public static async Task<VendorStub> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        VendorStub? stub = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            string body = await reader.ReadToEndAsync();
            var captured = new CapturedRequest(http.Request.Method, http.Request.Path, http.Request.QueryString.Value ?? string.Empty,
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body);
            stub!.Requests.Enqueue(captured);
            Answer answer = (stub._script.TryDequeue(out var next) ? next : stub.Default)(captured);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, http.RequestAborted);
            }

            http.Response.StatusCode = answer.Status;
            foreach ((string name, string value) in answer.Headers ?? new Dictionary<string, string>())
            {
                http.Response.Headers[name] = value;
            }

            if (answer.Body.Length > 0)
            {
                http.Response.ContentType = answer.Body.StartsWith('{') || answer.Body.StartsWith('[') ? "application/json" : "text/plain";
                await http.Response.WriteAsync(answer.Body);
            }
        });
        await app.StartAsync();
        stub = new VendorStub(app, new Uri(app.Urls.Single()));
        return stub;
    }

    /// <summary>The next requests get these answers, in order; afterwards <see cref="Default"/>.</summary>
    public void Then(params Answer[] answers)
    {
        foreach (Answer a in answers)
        {
            _script.Enqueue(_ => a);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record Answer(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null)
{
    public TimeSpan Delay { get; init; }
}
