using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsRtma.Channels;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;
using EcsRtma.Workflow.Links;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma preview --channel NAME [--policy F] [--to ADDRESS] [FILE…|-]</c>: for each event, the
/// exact request(s) the channel would send — method, URL, headers, body — built by the channel's
/// own code over a transport that sends nothing. Secrets in URLs and headers are redacted.
/// </summary>
public static class PreviewCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Placeholder settings used when a channel is not configured, so its formatting can still be checked.</summary>
    private static readonly Dictionary<string, Dictionary<string, string?>> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook"] = new() { ["Channels:Webhook:Url"] = "https://receiver.example/ecs-alerts", ["Channels:Webhook:Secret"] = "whsec_cHJldmlldy1vbmx5LW5vdC1hLXJlYWwtc2VjcmV0" },
        ["teams"] = new() { ["Channels:Teams:WorkflowUrl"] = "https://prod-00.westus.logic.azure.com/workflows/0000/triggers/manual/paths/invoke?api-version=2016-06-01&sig=placeholder" },
        ["slack"] = new() { ["Channels:Slack:BotToken"] = "xoxb-placeholder", ["Channels:Slack:Channel"] = "C0000000000" },
        ["pagerduty"] = new() { ["Channels:PagerDuty:RoutingKey"] = "00000000000000000000000000000000" },
        ["email"] = new() { ["Channels:Email:Sender"] = "ecs-alerts@contoso.example" },
        ["sms"] = new() { ["Channels:Sms:Endpoint"] = "https://contoso.communication.azure.com", ["Channels:Sms:AccessKey"] = "cHJldmlldy1vbmx5", ["Channels:Sms:From"] = "+18005550100" },
        ["twilio"] = new() { ["Channels:Twilio:AccountSid"] = "AC00000000000000000000000000000000", ["Channels:Twilio:AuthToken"] = "placeholder", ["Channels:Twilio:From"] = "+18005550100" },
        ["zendesk"] = new() { ["Channels:Zendesk:BaseUrl"] = "https://contoso.zendesk.com", ["Channels:Zendesk:Email"] = "bot@contoso.example", ["Channels:Zendesk:ApiToken"] = "placeholder" },
        ["servicenow"] = new() { ["Channels:ServiceNow:InstanceUrl"] = "https://contoso.service-now.com", ["Channels:ServiceNow:User"] = "ecsrtma", ["Channels:ServiceNow:Password"] = "placeholder" },
    };

    /// <summary>The channels <c>--channel</c> accepts.</summary>
    public static IReadOnlyCollection<string> Channels => Placeholders.Keys;

    public static async Task<int> RunAsync(string? channelName, string? policyPath, string? to, IReadOnlyList<string> files, Stream stdin, TextWriter stdout, TextWriter stderr, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (channelName is null || !Placeholders.TryGetValue(channelName, out Dictionary<string, string?>? placeholders))
        {
            await stderr.WriteLineAsync($"ecs-rtma preview: --channel must be one of {string.Join(", ", Placeholders.Keys)}");
            return 2;
        }

        DetectionPolicy? policy = await PolicyArgument.LoadAsync(policyPath, "preview", stderr);
        if (policy is null)
        {
            return 2;
        }

        configuration ??= new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.local.json"), optional: true)
            .AddEnvironmentVariables("ECSRTMA_")
            .Build();
        bool configured = configuration.GetSection(SectionOf(channelName)).Exists();

        // Only the previewed channel (and what it relies on) is composed, so other channels' settings do not matter here.
        var relevant = new[] { SectionOf(channelName), "Graph", ChannelResilienceOptions.SectionName }
            .SelectMany(section => configuration.GetSection(section).AsEnumerable())
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        // Settings that are configured win; a required one that is missing (the local settings give the webhook a
        // URL but its secret is made at run time) is filled with a placeholder, and we say so.
        string[] filled = [.. placeholders.Keys.Where(k => !relevant.ContainsKey(k))];
        IConfiguration settings = new ConfigurationBuilder().AddInMemoryCollection(placeholders).AddInMemoryCollection(relevant).Build();
        if (!configured)
        {
            await stderr.WriteLineAsync($"ecs-rtma preview: {SectionOf(channelName)} is not configured; showing the requests with placeholder settings");
        }
        else if (filled.Length > 0)
        {
            await stderr.WriteLineAsync($"ecs-rtma preview: {string.Join(", ", filled)} not configured; using a placeholder");
        }

        var transport = new DryRunTransport();
        await using ServiceProvider services = new ServiceCollection()
            .AddSingleton(settings)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(new ChannelTransport(transport))
            .AddSingleton<Azure.Core.TokenCredential>(new PreviewToken())
            .AddEcsRtmaChannels(settings)
            .BuildServiceProvider();
        IAlertChannel channel;
        try
        {
            channel = services.GetServices<IAlertChannel>().Single(c => string.Equals(c.Name, channelName, StringComparison.OrdinalIgnoreCase));
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"ecs-rtma preview: {ex.Message}");
            return 2;
        }

        var classifier = new ChangeClassifier(EcsActionCatalog.Default, policy);
        var baseUrl = new Uri(configuration["Ack:BaseUrl"] ?? "https://ecsrtma.example");
        Recipient person = Recipient.Parse(to ?? (channelName is "sms" or "twilio" ? "+15550100" : "oncall@contoso.example"));
        int count = 0;
        foreach (string file in files.Count == 0 ? ["-"] : files)
        {
            using Stream input = file == "-" ? stdin : InputFiles.Open(file);
            using var reader = new StreamReader(input, leaveOpen: file == "-");
            foreach (ParseResult result in RecordReader.Read(reader))
            {
                if (result.Event is not CloudTrailEvent change)
                {
                    await stderr.WriteLineAsync($"ecs-rtma preview: skipped a record: {result.Error}");
                    continue;
                }

                Verdict verdict = classifier.Classify(change);
                await stdout.WriteLineAsync($"# {change.EventId} {change.EventName}: {verdict.Outcome}{(verdict.Severity is { } s ? $" ({s})" : string.Empty)}{(verdict.Outcome == Outcome.Alert ? string.Empty : " — would not be sent; previewed anyway")}");
                transport.Requests.Clear();
                try
                {
                    await channel.SendAsync(Notification(change, verdict, baseUrl, person, channel.PerRecipient), CancellationToken.None);
                }
                catch (Exception ex) when (ex is PermanentDeliveryException or HttpRequestException)
                {
                    await stderr.WriteLineAsync($"ecs-rtma preview: {channelName} would refuse this alert: {ex.Message}");
                }

                foreach (string request in transport.Requests)
                {
                    await stdout.WriteLineAsync(request);
                }

                count++;
            }
        }

        return count > 0 ? 0 : 1;
    }

    private static string SectionOf(string channel) => channel.ToLowerInvariant() switch
    {
        "webhook" => "Channels:Webhook",
        "teams" => "Channels:Teams",
        "slack" => "Channels:Slack",
        "pagerduty" => "Channels:PagerDuty",
        "email" => "Channels:Email",
        "sms" => "Channels:Sms",
        "twilio" => "Channels:Twilio",
        "zendesk" => "Channels:Zendesk",
        _ => "Channels:ServiceNow",
    };

    private static AlertNotification Notification(CloudTrailEvent change, Verdict verdict, Uri baseUrl, Recipient person, bool perRecipient)
    {
        string alertId = Workflow.InstanceIds.ForEvent(change.EventId);
        return new AlertNotification
        {
            AlertId = alertId,
            Tier = 1,
            Recipient = perRecipient ? person.Email ?? person.Phone ?? person.Name : "preview:tier1",
            Verdict = verdict,
            EventTime = change.EventTime,
            AcknowledgeUrl = AckLinks.Build(baseUrl, alertId, "PREVIEW-ACK-TOKEN"),
            ResolveUrl = AckLinks.Build(baseUrl, alertId, "PREVIEW-RESOLVE-TOKEN"),
            BoardUrl = AckLinks.Board(baseUrl, alertId),
            AckDeadline = change.EventTime.AddMinutes(15),
            Person = perRecipient ? person : null,
            Recipients = [person],
            DeliveryKey = $"{alertId}|1|1|preview",
            FirstAttemptAt = change.EventTime,
        };
    }

    /// <summary>Records each request (secrets redacted) and answers like the vendor would on success; nothing leaves the process.</summary>
    private sealed class DryRunTransport : HttpMessageHandler
    {
        private static readonly string[] SecretHeaders = ["authorization", "webhook-signature", "x-ms-content-sha256"];

        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            text.Append(request.Method).Append(' ').AppendLine(ChannelHttp.Redact(request.RequestUri!));
            foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
            {
                string value = string.Join(", ", header.Value);
                bool secret = SecretHeaders.Contains(header.Key.ToLowerInvariant());
                text.Append(header.Key).Append(": ").AppendLine(secret ? Redact(value) : value);
            }

            if (request.Content is not null)
            {
                string body = await request.Content.ReadAsStringAsync(cancellationToken);
                text.AppendLine().AppendLine(PrettyJson(body));
            }

            Requests.Add(text.ToString());
            return Answer(request);
        }

        private static string Redact(string value)
        {
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 && space < 32 ? value[..(space + 1)] + "***" : "***";
        }

        private static string PrettyJson(string body)
        {
            try
            {
                return JsonNode.Parse(body)!.ToJsonString(Pretty);
            }
            catch (JsonException)
            {
                return body;
            }
        }

        private static HttpResponseMessage Answer(HttpRequestMessage request)
        {
            string url = request.RequestUri!.ToString();
            string body = url switch
            {
                _ when url.Contains("slack.com/api", StringComparison.Ordinal) => """{"ok":true,"channel":"C0000000000","ts":"1700000000.000100"}""",
                _ when url.Contains("/api/v2/tickets", StringComparison.Ordinal) && request.Method == HttpMethod.Get => """{"tickets":[],"count":0}""",
                _ when url.Contains("/api/v2/tickets", StringComparison.Ordinal) => """{"ticket":{"id":1}}""",
                _ when url.Contains("/api/now/table/incident", StringComparison.Ordinal) && request.Method == HttpMethod.Get => """{"result":[]}""",
                _ when url.Contains("/api/now/table/incident", StringComparison.Ordinal) => """{"result":{"sys_id":"preview","number":"INC0000000"}}""",
                _ when url.Contains("/sms?", StringComparison.Ordinal) => """{"value":[{"to":"+15550100","messageId":"preview","httpStatusCode":202,"successful":true}]}""",
                _ when url.Contains("api.twilio.com", StringComparison.Ordinal) => """{"sid":"SMpreview","status":"queued"}""",
                _ => "{}",
            };
            return new HttpResponseMessage(url.Contains("/sms?", StringComparison.Ordinal) || url.Contains("pagerduty", StringComparison.Ordinal) ? HttpStatusCode.Accepted : HttpStatusCode.OK)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
        }
    }

    private sealed class PreviewToken : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => new("preview-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
