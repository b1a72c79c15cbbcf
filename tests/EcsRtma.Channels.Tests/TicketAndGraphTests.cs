using System.Text.Json.Nodes;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Channels.Tests;

public sealed class TicketAndGraphTests
{
    [SkippableFact]
    public async Task Zendesk_LooksUpThenCreatesWithAnIdempotencyKey_ThenCommentsAndSolves()
    {
        Contract contract = Contract.Load("zendesk-tickets.derived.openapi.yaml");
        await using VendorStub zd = await VendorStub.StartAsync();
        zd.Then(new Answer(200, """{"tickets":[],"count":0}"""), new Answer(201, """{"ticket":{"id":4711},"audit":{}}"""));
        zd.Default = _ => new Answer(200, """{"ticket":{"id":4711},"audit":{}}""");
        IAlertChannel channel = Alerts.Channel("zendesk", new() { ["Channels:Zendesk:BaseUrl"] = zd.Url.ToString(), ["Channels:Zendesk:Email"] = "bot@contoso.example", ["Channels:Zendesk:ApiToken"] = "zd-token" });
        AlertNotification n = Alerts.Notification();

        DeliveryReceipt receipt = await channel.SendAsync(n, CancellationToken.None);
        await ((IAlertStateChannel)channel).ReflectAsync(new AlertStateChange(n.AlertId, AlertStatus.Resolved, "alice", DateTimeOffset.UtcNow, "t", "rolled back", receipt.ExternalRef), CancellationToken.None);

        CapturedRequest[] r = [.. zd.Requests];
        Assert.Equal([("GET", "/api/v2/tickets.json"), ("POST", "/api/v2/tickets.json"), ("PUT", "/api/v2/tickets/4711.json")], r.Select(x => (x.Method, x.Path)));
        Assert.Equal($"?external_id={n.AlertId}", r[0].Query);
        Assert.Equal(n.AlertId, r[1].Headers["idempotency-key"]);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("bot@contoso.example/token:zd-token")), r[1].Headers["authorization"]);
        Assert.Empty(contract.ValidateBody("POST", "/api/v2/tickets", r[1].Body));
        Assert.Empty(contract.ValidateBody("PUT", "/api/v2/tickets/4711", r[2].Body));
        JsonNode ticket = JsonNode.Parse(r[1].Body)!["ticket"]!;
        Assert.Equal((n.AlertId, "high"), (ticket["external_id"]!.GetValue<string>(), ticket["priority"]!.GetValue<string>()));
        Assert.Equal("solved", JsonNode.Parse(r[2].Body)!["ticket"]!["status"]!.GetValue<string>());
        Assert.Equal("4711", receipt.ExternalRef);
    }

    [SkippableFact]
    public async Task ServiceNow_FindsTheIncidentByCorrelationIdBeforeCreating_SoARetryNeverMakesASecond()
    {
        Contract contract = Contract.Load("servicenow-table-api-incident.derived.openapi.yaml");
        await using VendorStub sn = await VendorStub.StartAsync();
        bool created = false;
        sn.Default = r =>
        {
            if (r.Method == "GET")
            {
                return new Answer(200, created ? """{"result":[{"sys_id":"abc123","number":"INC0010001"}]}""" : """{"result":[]}""");
            }

            created |= r.Method == "POST";
            return new Answer(r.Method == "POST" ? 201 : 200, """{"result":{"sys_id":"abc123","number":"INC0010001"}}""");
        };
        IAlertChannel channel = Alerts.Channel("servicenow", new() { ["Channels:ServiceNow:InstanceUrl"] = sn.Url.ToString(), ["Channels:ServiceNow:User"] = "ecsrtma", ["Channels:ServiceNow:Password"] = "pw" });
        AlertNotification n = Alerts.Notification();

        DeliveryReceipt first = await channel.SendAsync(n, CancellationToken.None);
        DeliveryReceipt again = await channel.SendAsync(n with { Tier = 2 }, CancellationToken.None); // a retry, or the next tier
        await ((IAlertStateChannel)channel).ReflectAsync(new AlertStateChange(n.AlertId, AlertStatus.Acknowledged, "alice", DateTimeOffset.UtcNow, "t", null, first.ExternalRef), CancellationToken.None);

        CapturedRequest[] r = [.. sn.Requests];
        Assert.Equal(["GET", "POST", "GET", "PATCH", "PATCH"], r.Select(x => x.Method));
        Assert.Equal(1, r.Count(x => x.Method == "POST"));
        Assert.Contains(Uri.EscapeDataString($"correlation_id={n.AlertId}^active=true"), r[0].Query, StringComparison.Ordinal);
        Assert.Empty(contract.ValidateBody("POST", "/api/now/table/incident", r[1].Body));
        Assert.All(r.Where(x => x.Method == "PATCH"), x => Assert.Empty(contract.ValidateBody("PATCH", "/api/now/table/incident/abc123", x.Body)));
        JsonNode incident = JsonNode.Parse(r[1].Body)!;
        Assert.Equal((n.AlertId, "1", "2"), (incident["correlation_id"]!.GetValue<string>(), incident["urgency"]!.GetValue<string>(), incident["impact"]!.GetValue<string>()));
        Assert.Equal("2", JsonNode.Parse(r[4].Body)!["state"]!.GetValue<string>());
        Assert.Equal(("abc123", "abc123"), (first.ExternalRef, again.ExternalRef));
    }

    [SkippableFact]
    public async Task GraphEmail_SendsMailFromTheMailboxWithABearerToken_AndMatchesTheContract_After429()
    {
        Contract contract = Contract.Load("msgraph-v1.0-alerting-subset.derived.openapi.yaml");
        await using VendorStub graph = await VendorStub.StartAsync();
        graph.Then(new Answer(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));
        graph.Default = _ => new Answer(202);
        ServiceProvider services = Graph(graph, withEmail: true);
        IAlertChannel email = services.GetServices<IAlertChannel>().Single(c => c.Name == "email");
        Assert.True(email.PerRecipient);

        await email.SendAsync(Alerts.Notification(person: new Recipient("Dana", "dana@contoso.example")), CancellationToken.None);

        CapturedRequest[] r = [.. graph.Requests];
        Assert.Equal(2, r.Length); // 429 honoured by the Graph SDK's retry handler
        CapturedRequest sent = r[1];
        Assert.Equal(("POST", "/v1.0/users/ecs-alerts@contoso.example/sendMail"), (sent.Method, sent.Path));
        Assert.Equal("Bearer test-graph-token", sent.Headers["authorization"]);
        Assert.Empty(contract.ValidateBody("POST", "/users/ecs-alerts@contoso.example/sendMail", sent.Body));
        JsonNode message = JsonNode.Parse(sent.Body)!["Message"] ?? JsonNode.Parse(sent.Body)!["message"]!;
        Assert.Equal("dana@contoso.example", message["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
        Assert.Equal("html", message["body"]!["contentType"]!.GetValue<string>());
        Assert.Contains("https://ecsrtma.example/api/ack/", message["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GraphDirectory_ResolvesTransitiveMembersAcrossPages_KeepingConsistencyLevel_AndCaches()
    {
        Contract contract = Contract.Load("msgraph-v1.0-alerting-subset.derived.openapi.yaml");
        contract.Operation("GET", "/groups/g1/transitiveMembers");
        await using VendorStub graph = await VendorStub.StartAsync();
        string next = new Uri(graph.Url, "/v1.0/groups/g1/transitiveMembers/microsoft.graph.user?$skiptoken=page2").ToString();
        graph.Then(new Answer(200, $$"""{"@odata.count":3,"@odata.nextLink":"{{next}}","value":[{"@odata.type":"#microsoft.graph.user","id":"1","displayName":"Dana","mail":"dana@contoso.example","mobilePhone":"+15550100"},{"@odata.type":"#microsoft.graph.user","id":"2","displayName":"Off","mail":"off@contoso.example","accountEnabled":false}]}"""));
        graph.Then(new Answer(200, """{"value":[{"@odata.type":"#microsoft.graph.user","id":"3","displayName":"Eve","userPrincipalName":"eve@contoso.example"}]}"""));
        ServiceProvider services = Graph(graph, withEmail: false);
        IRecipientDirectory directory = services.GetRequiredService<IRecipientDirectory>();

        IReadOnlyList<Recipient> members = await directory.GetGroupMembersAsync("g1", CancellationToken.None);
        IReadOnlyList<Recipient> cached = await directory.GetGroupMembersAsync("g1", CancellationToken.None);

        Assert.Equal([new Recipient("Dana", "dana@contoso.example", "+15550100"), new Recipient("Eve", "eve@contoso.example")], members);
        Assert.Same(members, cached);
        CapturedRequest[] r = [.. graph.Requests];
        Assert.Equal(2, r.Length);
        Assert.All(r, x => Assert.Equal("eventual", x.Headers["consistencylevel"]));
        Assert.All(r, x => Assert.StartsWith("/v1.0/groups/g1/transitiveMembers/", x.Path, StringComparison.Ordinal));
        Assert.Contains("select=id,displayName,mail", Uri.UnescapeDataString(r[0].Query), StringComparison.Ordinal);
    }

    private static ServiceProvider Graph(VendorStub graph, bool withEmail)
    {
        var settings = new Dictionary<string, string?> { ["Graph:BaseUrl"] = new Uri(graph.Url, "/v1.0").ToString() };
        if (withEmail)
        {
            settings["Channels:Email:Sender"] = "ecs-alerts@contoso.example";
        }

        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(config)
            .AddSingleton<Azure.Core.TokenCredential>(new StaticToken())
            .AddLogging()
            .AddEcsRtmaChannels(config)
            .BuildServiceProvider();
    }

    private sealed class StaticToken : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-graph-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
