using System.Text;

namespace EcsRtma.Testing;

/// <summary>The hostile records of the fail-closed issue (#12), as EventBridge messages: each was reproduced on the local pipeline.</summary>
public static class Hostile
{
    /// <summary>The value planted in a task definition's environment: it must be found nowhere EcsRtma writes.</summary>
    public const string PlantedSecret = "pl4nted-S3CRET-value-9f8e7d6c5b4a";

    /// <summary>A RegisterTaskDefinition with a privileged container and <paramref name="variables"/> DB_PASSWORD_nnnn variables (the first holds the planted secret).</summary>
    public static string ManySecrets(string eventId, int variables = 700)
    {
        var env = new StringBuilder();
        for (int i = 0; i < variables; i++)
        {
            env.Append(i == 0 ? string.Empty : ",").Append("{\"name\":\"DB_PASSWORD_").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"value\":\"").Append(i == 0 ? PlantedSecret : "pw-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\"}");
        }

        return Envelope(eventId, "RegisterTaskDefinition", null,
            $$"""{"family":"web","containerDefinitions":[{"name":"app","image":"nginx","privileged":true,"environment":[{{env}}]}]}""");
    }

    /// <summary>A denied DeleteCluster on a cluster with a name of <paramref name="length"/> characters.</summary>
    public static string LongClusterName(string eventId, int length = 40_000) =>
        Envelope(eventId, "DeleteCluster", "AccessDenied", $$"""{"cluster":"{{new string('c', length)}}"}""");

    /// <summary>A change whose cluster name carries bidi overrides, zero-width characters and a terminal escape.</summary>
    public static string InvisibleCharacters(string eventId) =>
        Envelope(eventId, "UpdateService", null, """{"cluster":"pay\u202Ements\u200B-prod\u001b[31m","service":"api","desiredCount":0}""");

    /// <summary>Request parameters nested <paramref name="depth"/> deep.</summary>
    public static string DeepNesting(string eventId, int depth = 120) =>
        Envelope(eventId, "UpdateService", null, "{\"cluster\":\"deep\",\"x\":" + new string('[', depth) + new string(']', depth) + "}");

    public static string Envelope(string eventId, string eventName, string? errorCode, string requestParameters)
    {
        string error = errorCode is null ? string.Empty : $"\"errorCode\":\"{errorCode}\",";
        string id = System.Text.Json.JsonSerializer.Serialize(eventId);
        return $$$"""
            {"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"AWS API Call via CloudTrail","source":"aws.ecs","account":"111122223333","time":"2026-11-27T09:00:00Z","region":"eu-west-1","resources":[],
             "detail":{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:mallory","arn":"arn:aws:sts::111122223333:assumed-role/dev/mallory","accountId":"111122223333"},
             "eventTime":"2026-11-27T09:00:00Z","eventSource":"ecs.amazonaws.com","eventName":"{{{eventName}}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7",
             "userAgent":"aws-cli/2.22.4",{{{error}}}"requestParameters":{{{requestParameters}}},"responseElements":null,
             "eventID":{{{id}}},"readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}}
            """;
    }
}
