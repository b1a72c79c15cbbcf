using System.Text.Json.Nodes;
using EcsRtma.Channels.PagerDuty;
using EcsRtma.Channels.Sms;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Testing;

namespace EcsRtma.Channels.Tests;

public sealed class PagerDutySmsTicketTests
{
    private const string RoutingKey = "R0123456789abcdef0123456789abcde";

    [SkippableFact]
    public async Task PagerDuty_TriggerAckResolve_UseOurAlertIdAsDedupKey_AndMatchTheContract()
    {
        Contract contract = Contract.Load("pagerduty-events-v2.openapi3.json");
        await using VendorStub pd = await VendorStub.StartAsync();
        pd.Default = r => new Answer(202, $$"""{"status":"success","message":"Event processed","dedup_key":"{{JsonNode.Parse(r.Body)!["dedup_key"]}}"}""");
        IAlertChannel channel = Alerts.Channel("pagerduty", new() { ["Channels:PagerDuty:RoutingKey"] = RoutingKey, ["Channels:PagerDuty:EventsUrl"] = new Uri(pd.Url, "/v2/enqueue").ToString() });
        AlertNotification n = Alerts.Notification();

        await channel.SendAsync(n, CancellationToken.None);
        await ((IAlertStateChannel)channel).ReflectAsync(new AlertStateChange(n.AlertId, AlertStatus.Acknowledged, "alice", DateTimeOffset.UtcNow, "t"), CancellationToken.None);
        await ((IAlertStateChannel)channel).ReflectAsync(new AlertStateChange(n.AlertId, AlertStatus.Resolved, "alice", DateTimeOffset.UtcNow, "t"), CancellationToken.None);

        JsonNode[] bodies = [.. pd.Requests.Select(r => JsonNode.Parse(r.Body)!)];
        Assert.All(pd.Requests, r => Assert.Empty(contract.ValidateBody("POST", "/enqueue", r.Body)));
        Assert.Equal(["trigger", "acknowledge", "resolve"], bodies.Select(b => b["event_action"]!.GetValue<string>()));
        Assert.All(bodies, b => Assert.Equal((RoutingKey, n.AlertId), (b["routing_key"]!.GetValue<string>(), b["dedup_key"]!.GetValue<string>())));
        JsonNode payload = bodies[0]["payload"]!;
        Assert.Equal("error", payload["severity"]!.GetValue<string>()); // High
        Assert.True(payload["summary"]!.GetValue<string>().Length <= 1024);
        Assert.Equal(n.AcknowledgeUrl.ToString(), bodies[0]["links"]![0]!["href"]!.GetValue<string>());
    }

    [SkippableFact]
    public void PagerDutyWebhook_SignatureVector_VerifiesAndMapsIncidentKeyToOurAlert()
    {
        JsonNode vector = Vector("pagerduty-webhooks-v3");
        string secret = vector["secret"]!.GetValue<string>();
        string body = vector["body"]!.GetValue<string>();
        string signature = vector["expected"]!["X-PagerDuty-Signature"]!.GetValue<string>();

        Assert.True(PagerDutyWebhook.Verify(secret, body, signature));
        Assert.True(PagerDutyWebhook.Verify("old-secret, " + secret, body, "v1=deadbeef," + signature)); // rotation: several secrets and signatures
        Assert.False(PagerDutyWebhook.Verify(secret, body + " ", signature));
        Assert.False(PagerDutyWebhook.Verify("wrong", body, signature));
        Assert.False(PagerDutyWebhook.Verify(secret, body, null));

        string ours = """{"event":{"event_type":"incident.resolved","agent":{"summary":"Dana Oncall"},"data":{"incident_key":"ecs-42","id":"P1"}}}""";
        Assert.Equal(new PagerDutyAnswer("ecs-42", "resolve", "pagerduty:Dana Oncall"), PagerDutyWebhook.Read(ours));
        Assert.Null(PagerDutyWebhook.Read(body)); // no incident key of ours
        Assert.Null(PagerDutyWebhook.Read("not json"));
    }

    [Fact]
    public async Task PagerDutyInbound_SignedButStaleOrRepeated_IsRefused()
    {
        const string secret = "pd-secret";
        DateTimeOffset now = DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var seen = new HashSet<string>();
        var applied = new List<PagerDutyAnswer>();
        string Body(string id, string at) => $$$$"""{"event":{"id":"{{{{id}}}}","event_type":"incident.acknowledged","occurred_at":"{{{{at}}}}","agent":{"summary":"Dana"},"data":{"incident_key":"ecs-42"}}}""";
        string Sign(string body) => "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(body)));
        Task<(int, string)> Send(string body) => PagerDutyInbound.HandleAsync(body, Sign(body), secret, now,
            a => Task.FromResult(seen.Add(a.EventId!)), a => { applied.Add(a); return Task.FromResult(202); });

        string fresh = Body("E1", "2026-12-02T09:59:00Z");
        Assert.Equal(200, (await Send(fresh)).Item1);
        (int status, string message) = await Send(fresh); // the same signed body again: a replay
        Assert.Equal((200, "ignored: this event was already handled"), (status, message));
        Assert.Equal(400, (await Send(Body("E2", "2026-12-01T09:59:00Z"))).Item1); // signed yesterday
        Assert.Equal(400, (await Send(Body("E3", "2026-12-02T10:30:00Z"))).Item1); // from the future
        Assert.Equal(401, (await PagerDutyInbound.HandleAsync(fresh, "v1=00", secret, now, _ => Task.FromResult(true), _ => Task.FromResult(202))).Item1);
        Assert.Single(applied);
    }

    [SkippableFact]
    public async Task AcsSms_SignsAsDocumented_MatchesTheContract_AndKeepsTheRepeatabilityIdAcrossRetries()
    {
        Contract contract = Contract.Load("acs-sms-2021-03-07.communicationservicessms.json");
        await using VendorStub acs = await VendorStub.StartAsync();
        const string key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        acs.Then(new Answer(503));
        acs.Default = _ => new Answer(202, """{"value":[{"to":"+15550100","messageId":"m-1","httpStatusCode":202,"successful":true,"repeatabilityResult":"accepted"}]}""");
        IAlertChannel channel = Alerts.Channel("sms", new() { ["Channels:Sms:Endpoint"] = acs.Url.ToString(), ["Channels:Sms:AccessKey"] = key, ["Channels:Sms:From"] = "+18005550100" });
        AlertNotification n = Alerts.Notification(person: new Recipient("Dana", Phone: "+15550100"));

        DeliveryReceipt receipt = await channel.SendAsync(n, CancellationToken.None);

        Assert.Equal("m-1", receipt.ExternalRef);
        CapturedRequest[] requests = [.. acs.Requests];
        Assert.Equal(2, requests.Length); // the 503 was retried by the resilience pipeline
        foreach (CapturedRequest r in requests)
        {
            Assert.Equal(("POST", "/sms", "?api-version=2021-03-07"), (r.Method, r.Path, r.Query));
            Assert.Empty(contract.ValidateBody("POST", "/sms", r.Body));
            string host = acs.Url.Authority;
            string expected = AcsSmsChannel.Authorization("POST", "/sms?api-version=2021-03-07", r.Headers["x-ms-date"], host, r.Headers["x-ms-content-sha256"], key);
            Assert.Equal(expected, r.Headers["authorization"]);
            Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.Body))), r.Headers["x-ms-content-sha256"]);
        }

        JsonNode first = JsonNode.Parse(requests[0].Body)!["smsRecipients"]![0]!;
        JsonNode second = JsonNode.Parse(requests[1].Body)!["smsRecipients"]![0]!;
        Assert.Equal(first["repeatabilityRequestId"]!.GetValue<string>(), second["repeatabilityRequestId"]!.GetValue<string>());
        Assert.Equal(first["repeatabilityFirstSent"]!.GetValue<string>(), second["repeatabilityFirstSent"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(requests[0].Body)!["message"]!.GetValue<string>().Length <= 2048);
    }

    [Fact]
    public void SmsText_WithAShortLink_FitsOneSegment_EvenForLongHostileValues()
    {
        foreach (string hostile in Alerts.Hostile)
        {
            AlertNotification n = Alerts.Notification(cluster: hostile, actorArn: "arn:aws:sts::111122223333:assumed-role/ops/" + hostile) with
            {
                ShortAcknowledgeUrl = new Uri("https://ecsrtma.example/api/s/Ab3dE6gH9jKm"),
            };
            string text = SmsText.For(Rendering.AlertContent.From(n));
            Assert.True(text.Length <= SmsText.Segment, $"{text.Length}: {text}");
            Assert.EndsWith(". Ack: https://ecsrtma.example/api/s/Ab3dE6gH9jKm", text, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void AcsSms_HmacVector_FromTheContracts()
    {
        JsonNode v = Vector("azure-communication-services-hmac");
        string hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(v["body"]!.GetValue<string>())));
        Assert.Equal(v["expected"]!["x-ms-content-sha256"]!.GetValue<string>(), hash);
        Assert.Equal(v["expected"]!["Authorization"]!.GetValue<string>(),
            AcsSmsChannel.Authorization(v["method"]!.GetValue<string>(), v["pathAndQuery"]!.GetValue<string>(), v["x-ms-date"]!.GetValue<string>(), v["host"]!.GetValue<string>(), hash, v["accessKey"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task AcsSms_AcceptedRequestWithAFailedRecipient_IsAFailure_AndNoPhoneIsPermanent()
    {
        await using VendorStub acs = await VendorStub.StartAsync();
        acs.Default = _ => new Answer(202, """{"value":[{"to":"+15550100","httpStatusCode":400,"successful":false,"errorMessage":"Invalid To phone number format."}]}""");
        IAlertChannel channel = Alerts.Channel("sms", new() { ["Channels:Sms:Endpoint"] = acs.Url.ToString(), ["Channels:Sms:AccessKey"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", ["Channels:Sms:From"] = "+18005550100" });

        var failed = await Assert.ThrowsAsync<PermanentDeliveryException>(() => channel.SendAsync(Alerts.Notification(person: new Recipient("Dana", Phone: "+15550100")), CancellationToken.None));
        Assert.Contains("Invalid To phone number format", failed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PermanentDeliveryException>(() => channel.SendAsync(Alerts.Notification(person: new Recipient("Eve", Email: "eve@contoso.example")), CancellationToken.None));
    }

    [SkippableFact]
    public async Task Twilio_PostsTheDocumentedForm_WithBasicAuth()
    {
        Contract contract = Contract.Load("twilio-api-v2010-messages.trimmed.openapi3.json");
        await using VendorStub twilio = await VendorStub.StartAsync();
        twilio.Default = _ => new Answer(201, """{"sid":"SM123","status":"queued"}""");
        const string sid = "AC0123456789abcdef0123456789abcdef";
        IAlertChannel channel = Alerts.Channel("twilio", new() { ["Channels:Twilio:AccountSid"] = sid, ["Channels:Twilio:AuthToken"] = "tok", ["Channels:Twilio:From"] = "+18005550100", ["Channels:Twilio:BaseUrl"] = twilio.Url.ToString() });

        DeliveryReceipt receipt = await channel.SendAsync(Alerts.Notification(person: new Recipient("Dana", Phone: "+15550100")), CancellationToken.None);

        CapturedRequest r = Assert.Single(twilio.Requests);
        contract.Operation("POST", r.Path);
        Assert.Equal(($"/2010-04-01/Accounts/{sid}/Messages.json", "SM123"), (r.Path, receipt.ExternalRef));
        Assert.StartsWith("application/x-www-form-urlencoded", r.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{sid}:tok")), r.Headers["authorization"]);
        Dictionary<string, string> form = r.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal(("+15550100", "+18005550100"), (form["To"], form["From"]));
        Assert.True(form["Body"].Length <= 1600);
        Assert.Contains("Ack: https://ecsrtma.example/api/ack/", form["Body"], StringComparison.Ordinal);
    }

    internal static JsonNode Vector(string name)
    {
        string path = SharedData.RequireFile(Path.Combine("contracts", "webhook-signature-test-vectors.json"));
        return JsonNode.Parse(File.ReadAllText(path))!["vectors"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;
    }
}
