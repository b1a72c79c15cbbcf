using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Azure.Core;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// Keyless cross-cloud auth: the managed identity's Entra token is exchanged with STS
/// AssumeRoleWithWebIdentity (a local STS stand-in speaking the documented wire format), cached,
/// refreshed before expiry, and used by the real SQS client against the emulator.
/// </summary>
public sealed class WebIdentityCredentialsTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/ecs-rtma-reader";
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _stsCalls = new();
    private WebApplication _sts = null!;
    private Uri _stsUrl = null!;
    private TimeSpan _lifetime = TimeSpan.FromHours(1);

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _sts = builder.Build();
        _sts.MapPost("/", async (HttpContext http) =>
        {
            IFormCollection form = await http.Request.ReadFormAsync();
            var call = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            call["Authorization"] = http.Request.Headers.Authorization.ToString();
            _stsCalls.Enqueue(call);
            string expires = DateTime.UtcNow.Add(_lifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            return Results.Content($"""
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>11111111-2222-3333-4444-555555555555</SubjectFromWebIdentityToken>
                    <Audience>api://AzureADTokenExchange</Audience>
                    <AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/ecs-rtma-reader/ecs-rtma</Arn><AssumedRoleId>AROAEXAMPLE:ecs-rtma</AssumedRoleId></AssumedRoleUser>
                    <Credentials><AccessKeyId>ASIAEXAMPLE{_stsCalls.Count:D9}</AccessKeyId><SecretAccessKey>secret-{_stsCalls.Count}</SecretAccessKey><SessionToken>session-{_stsCalls.Count}</SessionToken><Expiration>{expires}</Expiration></Credentials>
                    <Provider>sts.windows.net/00000000-0000-0000-0000-000000000001/</Provider>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """, "text/xml");
        });
        await _sts.StartAsync();
        _stsUrl = new Uri(_sts.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task GetCredentials_ExchangesTheEntraTokenOnce_AndCaches()
    {
        var identity = new FakeManagedIdentity();
        EntraWebIdentityCredentials credentials = Create(identity);

        ImmutableCredentials first = await credentials.GetCredentialsAsync();
        ImmutableCredentials second = await credentials.GetCredentialsAsync();

        Assert.Equal(("ASIAEXAMPLE000000001", "secret-1", "session-1"), (first.AccessKey, first.SecretKey, first.Token));
        Assert.Same(first, second);
        IReadOnlyDictionary<string, string> call = Assert.Single(_stsCalls);
        Assert.Equal("AssumeRoleWithWebIdentity", call["Action"]);
        Assert.Equal(RoleArn, call["RoleArn"]);
        Assert.Equal(FakeManagedIdentity.Token, call["WebIdentityToken"]);
        Assert.Equal("", call["Authorization"]); // unsigned: the web identity token is the only credential
        Assert.Equal(["api://AzureADTokenExchange/.default"], identity.Scopes);
    }

    [Fact]
    public async Task GetCredentials_NearExpiry_RefreshesWithAFreshToken()
    {
        _lifetime = TimeSpan.FromMinutes(4); // inside the 5-minute refresh window from the start
        var identity = new FakeManagedIdentity();
        EntraWebIdentityCredentials credentials = Create(identity);

        await credentials.GetCredentialsAsync();
        await credentials.GetCredentialsAsync();
        for (int i = 0; i < 50 && _stsCalls.Count < 2; i++)
        {
            await Task.Delay(100); // the SDK refreshes in the background while the old credentials are still valid
        }

        Assert.True(_stsCalls.Count >= 2, "credentials inside the refresh window were not renewed");
        Assert.True(identity.Calls >= 2);
    }

    [Fact]
    public async Task SqsClient_WithRoleArn_DrainsTheEmulatorWithFederatedCredentials()
    {
        var options = new SqsOptions { ServiceUrl = Emulators.SqsServiceUrl, QueueUrl = new Uri("http://placeholder/q"), Region = "us-east-1", RoleArn = RoleArn, StsServiceUrl = _stsUrl };
        using var sqs = new AmazonSQSClient(InfrastructureRegistration.CreateWebIdentityCredentials(options, RoleArn, new FakeManagedIdentity()), new AmazonSQSConfig { ServiceURL = Emulators.SqsServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

        string url = (await sqs.CreateQueueAsync("web-identity-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        await sqs.SendMessageAsync(url, "hello");
        ReceiveMessageResponse received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 });

        Assert.Equal("hello", Assert.Single(received.Messages).Body);
        Assert.Single(_stsCalls);
    }

    private EntraWebIdentityCredentials Create(TokenCredential identity) =>
        InfrastructureRegistration.CreateWebIdentityCredentials(new SqsOptions { Region = "us-east-1", StsServiceUrl = _stsUrl, QueueUrl = new Uri("http://x/q") }, RoleArn, identity);

    /// <summary>Stands in for the Function App's managed identity (Entra ID is not reachable here).</summary>
    private sealed class FakeManagedIdentity : TokenCredential
    {
        public const string Token = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMTExMTExMS0yMjIyIn0.signature";

        private int _calls;

        public int Calls => _calls;

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            lock (Scopes)
            {
                Scopes.Clear();
                Scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
