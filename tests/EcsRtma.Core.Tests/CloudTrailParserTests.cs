using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class CloudTrailParserTests
{
    [Fact]
    public void Parse_RepeatedValues_ComeBackExactlyAsDecoded_WhateverTheCacheHolds()
    {
        // Repeated values (user agent, region, account, identity type …) are decoded once per thread
        // and reused: with more distinct values than cache slots, escaped and overlong ones mixed in,
        // every field must still be exactly what a JSON document reads.
        var records = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            string agent = (i % 7) switch
            {
                0 => $"agent-{i % 900}",
                1 => "aws-cli/2.22.4 \u0041gent",
                2 => new string('x', 250 + (i % 20)) + $"-{i % 5}",
                _ => $"Boto3/1.35.{i % 400} md/Botocore#1.35.76 ua/2.0 os/linux",
            };
            string region = i % 11 == 0 ? "eu-west-\u0031" : $"region-{i % 37}";
            records.Add($$$$"""{"eventVersion":"1.09","userIdentity":{"type":"{{{{(i % 3 == 0 ? "IAMUser" : "AssumedRole")}}}}","arn":"arn:aws:sts::1111222233{{{{i % 50:D2}}}}:assumed-role/r{{{{i % 300}}}}/s","accountId":"1111222233{{{{i % 50:D2}}}}","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1111222233{{{{i % 50:D2}}}}:role/r{{{{i % 300}}}}","userName":"r{{{{i % 300}}}}"}}},"eventTime":"2026-12-01T10:00:00Z","eventSource":"ecs.amazonaws.com","eventName":"Op{{{{i % 260}}}}","awsRegion":"{{{{region}}}}","sourceIPAddress":"10.0.{{{{i % 3}}}}.{{{{i % 255}}}}","userAgent":"{{{{agent}}}}","eventID":"id-{{{{i}}}}","recipientAccountId":"1111222233{{{{i % 50:D2}}}}"}""");
        }

        for (int pass = 0; pass < 2; pass++)
        {
            foreach (string json in records)
            {
                CloudTrailEvent e = CloudTrailParser.Parse(json).Event!;
                using JsonDocument doc = JsonDocument.Parse(json);
                JsonElement r = doc.RootElement, id = r.GetProperty("userIdentity");
                Assert.Equal(r.GetProperty("userAgent").GetString()![..Math.Min(r.GetProperty("userAgent").GetString()!.Length, 1024)], e.UserAgent);
                Assert.Equal(r.GetProperty("awsRegion").GetString(), e.AwsRegion);
                Assert.Equal(r.GetProperty("eventName").GetString(), e.EventName);
                Assert.Equal(r.GetProperty("recipientAccountId").GetString(), e.RecipientAccountId);
                Assert.Equal(r.GetProperty("sourceIPAddress").GetString(), e.SourceIpAddress);
                Assert.Equal(id.GetProperty("type").GetString(), e.UserIdentity.Type);
                Assert.Equal(id.GetProperty("accountId").GetString(), e.UserIdentity.AccountId);
                Assert.Equal(id.GetProperty("sessionContext").GetProperty("sessionIssuer").GetProperty("userName").GetString(), e.UserIdentity.SessionIssuerUserName);
                Assert.Equal(id.GetProperty("sessionContext").GetProperty("sessionIssuer").GetProperty("arn").GetString(), e.UserIdentity.SessionIssuerArn);
            }
        }
    }

    [SkippableFact]
    public void Parse_GenuineEcsRecords_AllParseWithTheirIdentity()
    {
        string path = SharedData.RequireFile("realdata/cloudtrail-ecs-events.jsonl");
        string[] lines = [.. File.ReadAllLines(path).Where(l => l.Trim().Length > 0)];
        Assert.Equal(9, lines.Length);

        foreach (string line in lines)
        {
            ParseResult result = CloudTrailParser.Parse(line);
            Assert.True(result.IsSuccess, result.Error);
            using JsonDocument raw = JsonDocument.Parse(line);
            // One published record (SEKOIA's anonymised fixture) has no eventID: it gets a content-derived id.
            string expectedId = raw.RootElement.TryGetProperty("eventID", out JsonElement id) ? id.GetString()! : result.Event!.EventId;
            Assert.Equal(expectedId, result.Event!.EventId);
            Assert.Equal(!raw.RootElement.TryGetProperty("eventID", out _), result.Event.EventIdDerived == true);
            Assert.Equal(raw.RootElement.GetProperty("eventName").GetString(), result.Event.EventName);
            Assert.Equal("ecs.amazonaws.com", result.Event.EventSource);
            Assert.Equal(raw.RootElement.GetProperty("userIdentity").GetProperty("type").GetString(), result.Event.UserIdentity.Type);
        }
    }

    [SkippableFact]
    public void Parse_GenuineRecords_KeepsErrorCodesAndSessionIssuer()
    {
        string path = SharedData.RequireFile("realdata/cloudtrail-ecs-events.jsonl");
        CloudTrailEvent[] events = [.. File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => CloudTrailParser.Parse(l).Event!)];

        CloudTrailEvent denied = Assert.Single(events, e => e.ErrorCode == "AccessDenied");
        Assert.Equal("CreateCluster", denied.EventName);

        CloudTrailEvent console = events[0];
        Assert.Equal("console.amazonaws.com", console.UserAgent);
        Assert.Equal("arn:aws:iam::123456789012:role/Admin", console.UserIdentity.SessionIssuerArn);
        Assert.False(console.UserIdentity.MfaAuthenticated);
        Assert.Equal(new DateTimeOffset(2018, 6, 20, 19, 4, 36, TimeSpan.Zero), console.EventTime);
        Assert.Equal("default", console.Cluster);
        Assert.NotNull(console.Request);
    }

    [SkippableFact]
    public void Parse_GenuineEventBridgeEnvelopes_UnwrapsTheDetail()
    {
        string path = SharedData.RequireFile("realdata/eventbridge-other-cloudtrail-events.jsonl");
        foreach (string line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            using JsonDocument raw = JsonDocument.Parse(line);
            ParseResult result = CloudTrailParser.Parse(line);
            Assert.True(result.IsSuccess, result.Error);
            Assert.Equal(raw.RootElement.GetProperty("detail").GetProperty("eventID").GetString(), result.Event!.EventId);
        }
    }

    [SkippableFact]
    public void Parse_NativeEcsServiceEvents_AreRejectedAsNotCloudTrail()
    {
        string path = SharedData.RequireFile("realdata/eventbridge-ecs-service-events.jsonl");
        foreach (string line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            ParseResult result = CloudTrailParser.Parse(line);
            Assert.False(result.IsSuccess);
            Assert.Contains("is not a CloudTrail API call", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_ShippedSamples_AreEventBridgeEcsCalls()
    {
        string[] files = Directory.GetFiles(RepoPaths.Samples, "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            ParseResult result = CloudTrailParser.Parse(File.ReadAllText(file));
            Assert.True(result.IsSuccess, $"{Path.GetFileName(file)}: {result.Error}");
            Assert.Equal("ecs.amazonaws.com", result.Event!.EventSource);
        }
    }

    [Theory]
    [InlineData("", "empty message")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object, found an array")]
    [InlineData("{\"eventID\":\"a\"}", "missing required field 'eventName'")]
    [InlineData("{\"eventID\":7,\"eventName\":\"X\",\"eventSource\":\"s\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"userIdentity\":{}}", "field 'eventID' must be a string, found a number")]
    [InlineData("{\"eventID\":\"a\",\"eventName\":\"X\",\"eventSource\":\"ecs.amazonaws.com\",\"eventTime\":\"yesterday\",\"userIdentity\":{}}", "field 'eventTime' is not a timestamp")]
    [InlineData("{\"eventID\":\"a\",\"eventName\":\"X\",\"eventSource\":\"ecs.amazonaws.com\",\"eventTime\":\"2026-01-01T00:00:00Z\"}", "missing required object 'userIdentity'")]
    [InlineData("{\"detail-type\":\"ECS Task State Change\",\"detail\":{}}", "is not a CloudTrail API call")]
    [InlineData("{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":\"x\"}", "has no 'detail' object")]
    [InlineData("{\"Records\":[]}", "is not a single event")]
    public void Parse_BadInput_GivesSpecificReason(string input, string expected)
    {
        ParseResult result = CloudTrailParser.Parse(input);
        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecordWithoutEventId_GetsTheSameDerivedIdEachTime()
    {
        const string record = "{\"eventName\":\"CreateCluster\",\"eventSource\":\"ecs.amazonaws.com\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"userIdentity\":{}}";
        string first = CloudTrailParser.Parse(record).Event!.EventId;
        Assert.StartsWith("derived-", first, StringComparison.Ordinal);
        Assert.Equal(first, CloudTrailParser.Parse(record).Event!.EventId);
    }

    [Fact]
    public void Parse_OversizedMessage_IsRejectedWithoutParsing()
    {
        ParseResult result = CloudTrailParser.Parse(new string(' ', CloudTrailParser.MaxMessageBytes + 1));
        Assert.Contains("over the", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BooleansWrittenAsStrings_AreRead()
    {
        ParseResult result = CloudTrailParser.Parse("""
            {"eventID":"e1","eventName":"CreateCluster","eventSource":"ecs.amazonaws.com","eventTime":"2026-01-01T00:00:00Z",
             "userIdentity":{"type":"AssumedRole","sessionCredentialFromConsole":"true","sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}}
            """);
        Assert.True(result.Event!.UserIdentity.SessionCredentialFromConsole);
        Assert.True(result.Event.UserIdentity.MfaAuthenticated);
    }
}
