using System.Text.Json.Serialization;

namespace EcsRtma.Core.Events;

/// <summary>
/// The fields of one CloudTrail record that EcsRtma reads. Everything here is stored in
/// orchestration history, so this record only ever gains optional members.
/// </summary>
public sealed record CloudTrailEvent
{
    /// <summary>The event id as shown: cleaned and cut to <see cref="Limits.EventIdChars"/>.</summary>
    public required string EventId { get; init; }

    /// <summary>The key of the whole event id (<see cref="EventKeys"/>): what instance ids and table keys are made of.</summary>
    public string EventKey
    {
        get => _eventKey ?? EventKeys.For(EventId);
        init => _eventKey = value;
    }

    private string? _eventKey;

    /// <summary>
    /// A hash of the CloudTrail record's bytes (<see cref="CloudTrailParser.ParseMessage"/>): a copy of the
    /// record has the same, a different record under the same eventID (a forgery) does not. Null where not computed.
    /// </summary>
    public string? ContentHash { get; init; }

    /// <summary>True when the record had no eventID and <see cref="EventId"/> was derived from its content.</summary>
    public bool? EventIdDerived { get; init; }
    public required string EventName { get; init; }
    public required string EventSource { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public string? AwsRegion { get; init; }
    public string? RecipientAccountId { get; init; }
    public string? SourceIpAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? EventType { get; init; }
    public bool? ReadOnly { get; init; }
    public required UserIdentity UserIdentity { get; init; }

    /// <summary>The cluster named in the request (<c>cluster</c> or <c>clusterName</c>; the name of an ARN), if any.</summary>
    public string? Cluster { get; init; }

    /// <summary>The service named in the request (<c>service</c> or <c>serviceName</c>), if any.</summary>
    public string? Service { get; init; }

    /// <summary>The task definition named in the request (<c>taskDefinition</c> or <c>family</c>), if any.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary><c>networkConfiguration.awsvpcConfiguration.assignPublicIp</c> of the request: true for ENABLED.</summary>
    public bool? AssignPublicIp { get; init; }

    /// <summary>
    /// What the detectors read from <c>requestParameters</c>, collected while parsing (null when the
    /// record had no requestParameters object). Never serialized: it can hold environment values.
    /// </summary>
    [JsonIgnore]
    public RequestFacts? Request { get; init; }
}
