using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EcsRtma.Channels;
using EcsRtma.Core.Ports;
using EcsRtma.Functions.Triggers;
using EcsRtma.Http;
using EcsRtma.Infrastructure;
using EcsRtma.Ingestion;
using EcsRtma.LocalHost;
using EcsRtma.Testing;
using EcsRtma.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Functions.Tests;

/// <summary>
/// One request table, sent to both hosts — the Functions triggers (called with real
/// <see cref="HttpRequestData"/> objects) and the local host (over HTTP on 127.0.0.1) — and their
/// answers compared: status, content type, the security headers and the body must be identical.
/// </summary>
public sealed class HttpSurfaceParityTests
{
    private static readonly string[] ComparedHeaders = ["Cache-Control", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy", "Location"];

    public static TheoryData<string, string, string?, int> Requests => new()
    {
        { "GET", "/api/ack/not-an-alert?token=x", null, 404 },
        { "GET", $"/api/ack/ecs-{Guid.Empty}?token=garbage", null, 400 },
        { "POST", $"/api/ack/ecs-{Guid.Empty}?token=garbage", "comment=hi", 400 },
        { "POST", $"/api/ack/ecs-{Guid.Empty}?token=garbage", new string('a', 5000), 413 },
        { "GET", "/api/s/unknowncode12", null, 404 },
        { "GET", "/api/s/..%2Fetc", null, 404 },
        { "GET", "/api/alerts?limit=5000", null, 400 },
        { "GET", "/api/alerts?to=0001-01-01", null, 400 },
        { "GET", "/api/alerts?severity=bogus", null, 400 },
        { "GET", "/api/alerts/ecs-x%23y", null, 404 },
        { "GET", $"/api/alerts/ecs-{Guid.Empty}", null, 404 },
        { "POST", $"/api/alerts/ecs-{Guid.Empty}/acknowledge", "{not json", 400 },
        { "POST", $"/api/alerts/ecs-{Guid.Empty}/resolve", new string('x', 5000), 413 },
        { "POST", $"/api/alerts/ecs-{Guid.Empty}/acknowledge", "{\"by\":\"eve\"}", 404 },
        { "GET", "/api/changes?outcome=bogus", null, 400 },
        { "GET", "/api/board", null, 200 },
        { "GET", "/api/board/board.js", null, 200 },
        { "GET", "/api/board/nope", null, 404 },
        { "POST", "/api/inbound/pagerduty", "{\"event\":{}}", 401 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task BothHosts_SameRequest_SameAnswer(string method, string pathAndQuery, string? body, int expected)
    {
        await using var hosts = await Hosts.StartAsync();

        Answer functions = await hosts.FunctionsAsync(method, pathAndQuery, body);
        Answer local = await hosts.LocalAsync(method, pathAndQuery, body);

        Assert.Equal(expected, functions.Status);
        Assert.Equal(functions.Status, local.Status);
        Assert.Equal(functions.ContentType, local.ContentType);
        Assert.Equal(functions.Headers, local.Headers);
        Assert.Equal(functions.Body, local.Body);
        Assert.Equal("no-store", functions.Headers.GetValueOrDefault("Cache-Control"));
        Assert.Equal("nosniff", functions.Headers.GetValueOrDefault("X-Content-Type-Options"));
    }

    /// <summary>Every route of both hosts, in the method it serves (the local host's webhook sink too).</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", $"/api/ack/ecs-{Guid.Empty}?token=x" },
        { "POST", $"/api/ack/ecs-{Guid.Empty}?token=x" },
        { "GET", "/api/s/unknowncode12" },
        { "GET", "/api/alerts" },
        { "GET", $"/api/alerts/ecs-{Guid.Empty}" },
        { "POST", $"/api/alerts/ecs-{Guid.Empty}/acknowledge" },
        { "POST", $"/api/alerts/ecs-{Guid.Empty}/resolve" },
        { "GET", "/api/changes" },
        { "GET", "/api/board" },
        { "GET", "/api/board/board.js" },
        { "POST", "/api/inbound/pagerduty" },
        { "GET", "/api/health" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_BothHosts_OversizedDeclaredBody_Is413BeforeItIsRead(string method, string pathAndQuery)
    {
        await using var hosts = await Hosts.StartAsync();
        string big = new('a', Core.Limits.MaxRequestBodyBytes + 1);

        Answer functions = await hosts.FunctionsGuardedAsync(method, pathAndQuery, big);
        Answer local = await hosts.LocalAsync(method, pathAndQuery, big);

        Assert.Equal((413, 413), (functions.Status, local.Status));
        Assert.Equal(functions.Body, local.Body);
    }

    [Theory]
    [InlineData($"/api/ack/ecs-00000000-0000-0000-0000-000000000000?token=x")]
    [InlineData("/api/alerts/ecs-00000000-0000-0000-0000-000000000000/acknowledge")]
    [InlineData("/api/inbound/pagerduty")]
    [InlineData("/local/webhook-sink")]
    public async Task PostRoutes_LocalHost_OversizedBodyOfUndeclaredLength_IsRefusedWithoutBeingHeld(string path)
    {
        await using var hosts = await Hosts.StartAsync();
        Assert.Equal(413, await hosts.LocalChunkedAsync(path, Core.Limits.MaxRequestBodyBytes * 4));
    }

    [Fact]
    public async Task WebhookSink_ManyLargeUnsignedBodiesAtOnce_AreRefusedWithoutBeingRead()
    {
        // Before: the sink read the whole body before checking its signature, with no limit on parallel
        // requests: 24 unsigned 29 MB POSTs took the local host to 2.3 GB.
        await using var hosts = await Hosts.StartAsync();
        byte[] body = new byte[29 * 1024 * 1024];
        long before = GC.GetTotalAllocatedBytes(precise: true);
        int[] statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => hosts.LocalRawAsync("/local/webhook-sink", body)));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.All(statuses, s => Assert.True(s is 413 or 0, $"answered {s}")); // 0: the server closed the connection mid-upload
        Assert.True(allocated < 200L * 1024 * 1024, $"{allocated / (1024 * 1024)} MB allocated for 24 refused bodies of 29 MB");
    }

    public sealed record Answer(int Status, string? ContentType, Dictionary<string, string> Headers, string Body);

    private sealed class Hosts : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly WebApplication _local;
        private readonly HttpClient _http = new();

        private Hosts(ServiceProvider services, WebApplication local)
        {
            _services = services;
            _local = local;
        }

        public static async Task<Hosts> StartAsync()
        {
            IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sqs:ServiceUrl"] = "http://127.0.0.1:9/",
                ["Sqs:QueueUrl"] = "http://127.0.0.1:9/000000000000/q",
                ["Sqs:Region"] = "us-east-1",
                ["Sqs:AccessKeyId"] = "test",
                ["Sqs:SecretAccessKey"] = "test",
                ["Tables:ConnectionString"] = "UseDevelopmentStorage=true",
                ["Ack:BaseUrl"] = "https://ecsrtma.example",
                ["Ack:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Channels:PagerDuty:RoutingKey"] = "R0000000000000000000000000000000",
                ["Channels:PagerDuty:WebhookSecret"] = "pd-secret",
            }).Build();
            var store = new InMemoryAlertStore();
            var services = new ServiceCollection().AddSingleton(config).AddLogging();
            services.AddEcsRtmaWorkflow().AddEcsRtmaIngestion().AddEcsRtmaInfrastructure().AddEcsRtmaChannels(config).AddEcsRtmaHttp();
            services.AddEcsRtmaStore(_ => store);
            services.AddSingleton<DurableTaskClient>(new NoClient());
            ServiceProvider provider = services.BuildServiceProvider();

            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, FreePort());
                LocalEndpoints.ConfigureLimits(k);
            });
            builder.Services.AddSingleton(provider.GetRequiredService<HttpSurface>());
            builder.Services.AddSingleton<DurableTaskClient>(new NoClient());
            builder.Services.AddSingleton(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Channels.Webhook.WebhookChannelOptions>>());
            builder.Services.AddSingleton(new ConsoleReporter());
            builder.Services.AddLocalHostFiltering();
            WebApplication app = builder.Build();
            app.UseHostFiltering();
            app.UseBodyLimit();
            app.MapLocalEndpoints();
            await app.StartAsync();
            return new Hosts(provider, app);
        }

        /// <summary>Through the Functions worker's middleware first, as the app runs (then the trigger when it lets the call through).</summary>
        public async Task<Answer> FunctionsGuardedAsync(string method, string pathAndQuery, string? body)
        {
            var request = new Request(method, new Uri("https://ecsrtma.example" + pathAndQuery), body, _services);
            if (await Middleware.BodyLimitMiddleware.RefuseAsync(request, CancellationToken.None) is { } refused)
            {
                refused.Body.Position = 0;
                return new Answer((int)refused.StatusCode, null, [], await new StreamReader(refused.Body, Encoding.UTF8).ReadToEndAsync());
            }

            return await FunctionsAsync(method, pathAndQuery, body);
        }

        /// <summary>A POST whose body is streamed without a declared length.</summary>
        public async Task<int> LocalChunkedAsync(string path, int bytes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _local.Urls.First() + path)
            {
                Content = new StreamContent(new MemoryStream(new byte[bytes])),
            };
            request.Headers.TransferEncodingChunked = true;
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(request);
                return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 413; // the server answered 413 and closed the connection while the client was still sending
            }
        }

        public async Task<int> LocalRawAsync(string path, byte[] body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _local.Urls.First() + path) { Content = new ByteArrayContent(body) };
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(request);
                return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 0;
            }
        }

        public async Task<Answer> FunctionsAsync(string method, string pathAndQuery, string? body)
        {
            var triggers = new HttpTriggers(_services.GetRequiredService<HttpSurface>());
            var request = new Request(method, new Uri("https://ecsrtma.example" + pathAndQuery), body, _services);
            DurableTaskClient client = new NoClient();
            string path = new Uri("https://x" + pathAndQuery).AbsolutePath;
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            string Part(int i) => Uri.UnescapeDataString(parts[i]);
            HttpResponseData response = parts[1] switch
            {
                "ack" => await triggers.AcknowledgeAlert(request, Part(2), client, CancellationToken.None),
                "s" => await triggers.ShortLink(request, Part(2), CancellationToken.None),
                "alerts" when parts.Length == 2 => await triggers.ListAlerts(request, CancellationToken.None),
                "alerts" when parts.Length == 3 => await triggers.GetAlert(request, Part(2), CancellationToken.None),
                "alerts" => await triggers.ActOnAlert(request, Part(2), Part(3), client, CancellationToken.None),
                "changes" => await triggers.ListChanges(request, CancellationToken.None),
                "board" => await triggers.Board(request, parts.Length > 2 ? Part(2) : null, CancellationToken.None),
                "inbound" => await triggers.PagerDutyWebhook(request, client, CancellationToken.None),
                _ => throw new InvalidOperationException(path),
            };
            var headers = ComparedHeaders.Where(h => response.Headers.Contains(h)).ToDictionary(h => h, h => string.Join(",", response.Headers.GetValues(h)), StringComparer.Ordinal);
            response.Body.Position = 0;
            string text = await new StreamReader(response.Body, Encoding.UTF8).ReadToEndAsync();
            string? contentType = response.Headers.TryGetValues("Content-Type", out IEnumerable<string>? types) ? types.First() : null;
            return new Answer((int)response.StatusCode, contentType, headers, text);
        }

        public async Task<Answer> LocalAsync(string method, string pathAndQuery, string? body)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), _local.Urls.First() + pathAndQuery);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "application/x-www-form-urlencoded");
            }

            using HttpResponseMessage response = await _http.SendAsync(request);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string name in ComparedHeaders)
            {
                if (response.Headers.TryGetValues(name, out IEnumerable<string>? values) || response.Content.Headers.TryGetValues(name, out values))
                {
                    headers[name] = string.Join(",", values);
                }
            }

            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), headers, await response.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _local.DisposeAsync();
            await _services.DisposeAsync();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>No request in the table reaches the workflow (none carries a valid token or a known alert).</summary>
    private sealed class NoClient() : DurableTaskClient("none")
    {
        public override Task<string> ScheduleNewOrchestrationInstanceAsync(Microsoft.DurableTask.TaskName orchestratorName, object? input = null, Microsoft.DurableTask.StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => Task.FromResult<OrchestrationMetadata?>(null);

        public override Microsoft.DurableTask.AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A Functions HTTP request as the worker builds it: method, URL, headers, body.</summary>
    private sealed class Request(string method, Uri url, string? body, IServiceProvider services) : HttpRequestData(new Context(services))
    {
        public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));

        public override HttpHeadersCollection Headers { get; } = Build(body);

        public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

        public override Uri Url { get; } = url;

        public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

        public override string Method { get; } = method;

        public override HttpResponseData CreateResponse() => new Response(FunctionContext);

        private static HttpHeadersCollection Build(string? body)
        {
            var headers = new HttpHeadersCollection();
            if (body is not null)
            {
                headers.Add("Content-Type", body.StartsWith('{') ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8");
                headers.Add("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return headers;
        }
    }

    private sealed class Response(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = [];

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies => throw new NotSupportedException();
    }

    private sealed class Context(IServiceProvider services) : FunctionContext
    {
        public override string InvocationId => "parity";

        public override string FunctionId => "parity";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override Microsoft.Azure.Functions.Worker.IInvocationFeatures Features => throw new NotSupportedException();
    }
}
