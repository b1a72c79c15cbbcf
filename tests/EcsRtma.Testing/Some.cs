using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;

namespace EcsRtma.Testing;

/// <summary>Builders of realistic inputs.</summary>
public static class Some
{
    public static CloudTrailEvent Change(string eventName = "UpdateService", string? eventId = null, string identityType = "AssumedRole", string? errorCode = null) => new()
    {
        EventId = eventId ?? Guid.NewGuid().ToString(),
        EventName = eventName,
        EventSource = "ecs.amazonaws.com",
        EventTime = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero),
        AwsRegion = "eu-west-1",
        RecipientAccountId = "111122223333",
        SourceIpAddress = "198.51.100.7",
        UserAgent = "aws-cli/2.22.4 md/command#ecs.update-service",
        ErrorCode = errorCode,
        UserIdentity = new UserIdentity
        {
            Type = identityType,
            Arn = identityType == "Root" ? "arn:aws:iam::111122223333:root" : "arn:aws:sts::111122223333:assumed-role/ops/alice",
            AccountId = "111122223333",
        },
        Request = RequestFacts.Parse("""{"cluster":"payments-prod","service":"checkout-api","desiredCount":0}"""),
        Cluster = "payments-prod",
        Service = "checkout-api",
    };

    /// <summary>
    /// One webhook ladder with these tier timeouts, for tests: grouping off (tests reuse one
    /// principal and cluster) and a short auto-close, so finished alerts complete quickly.
    /// </summary>
    public static EscalationPolicySet Escalation(params TimeSpan[] tiers)
    {
        EscalationPolicySet set = EscalationPolicySet.OfTiers([.. tiers.Select(t => new EscalationTierSpec { Channels = ["webhook"], AckTimeout = t })]);
        set.GroupingWindow = TimeSpan.Zero;
        set.AutoCloseAfter = TimeSpan.FromSeconds(2);
        return set;
    }

    /// <summary>An EventBridge "AWS API Call via CloudTrail" message body for an ECS change.</summary>
    public static string EventBridgeMessage(string eventId, string eventName = "UpdateService") => $$$"""
        {"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"AWS API Call via CloudTrail","source":"aws.ecs","account":"111122223333","time":"2026-11-27T09:00:00Z","region":"eu-west-1","resources":[],
         "detail":{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice","arn":"arn:aws:sts::111122223333:assumed-role/ops/alice","accountId":"111122223333"},
         "eventTime":"2026-11-27T09:00:00Z","eventSource":"ecs.amazonaws.com","eventName":"{{{eventName}}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7",
         "userAgent":"aws-cli/2.22.4","requestParameters":{"cluster":"payments-prod","service":"checkout-api","desiredCount":0},"responseElements":null,
         "eventID":"{{{eventId}}}","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}}
        """;
}
