using System.Globalization;
using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>
/// Parses one CloudTrail record, either bare or wrapped in the EventBridge envelope
/// ("AWS API Call via CloudTrail"). Never throws on bad input: every failure becomes a
/// <see cref="ParseResult"/> with a specific reason.
/// </summary>
public static class CloudTrailParser
{
    public const string CloudTrailDetailType = "AWS API Call via CloudTrail";

    /// <summary>The largest message accepted (SQS's own maximum is 1 MiB).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    public static ParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    public static ParseResult Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length == 0)
        {
            return ParseResult.Failure("empty message");
        }

        if (utf8Json.Length > MaxMessageBytes)
        {
            return ParseResult.Failure($"message is {utf8Json.Length} bytes, over the {MaxMessageBytes}-byte limit");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return ParseResult.Failure($"not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return ParseRoot(document.RootElement);
        }
    }

    /// <summary>Parses an already-loaded JSON element (an envelope or a bare record).</summary>
    public static ParseResult ParseRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Failure($"expected a JSON object, found {Describe(root.ValueKind)}");
        }

        if (root.TryGetProperty("detail-type", out JsonElement detailType))
        {
            string? type = detailType.ValueKind == JsonValueKind.String ? detailType.GetString() : null;
            if (!string.Equals(type, CloudTrailDetailType, StringComparison.Ordinal))
            {
                return ParseResult.Failure($"EventBridge event with detail-type '{Truncate(type ?? detailType.ToString())}' is not a CloudTrail API call");
            }

            if (!root.TryGetProperty("detail", out JsonElement detail) || detail.ValueKind != JsonValueKind.Object)
            {
                return ParseResult.Failure("EventBridge envelope has no 'detail' object");
            }

            return ParseRecord(detail);
        }

        if (root.TryGetProperty("Records", out _))
        {
            return ParseResult.Failure("a CloudTrail log file ({\"Records\":[...]}) is not a single event; split it into records first");
        }

        return ParseRecord(root);
    }

    /// <summary>Parses a bare CloudTrail record object.</summary>
    public static ParseResult ParseRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Failure($"expected a CloudTrail record object, found {Describe(record.ValueKind)}");
        }

        if (!TryRequiredString(record, "eventName", out string? eventName, out string? error)
            || !TryRequiredString(record, "eventSource", out string? eventSource, out error)
            || !TryRequiredString(record, "eventTime", out string? eventTimeText, out error))
        {
            return ParseResult.Failure(error!);
        }

        if (!DateTimeOffset.TryParse(eventTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset eventTime))
        {
            return ParseResult.Failure($"field 'eventTime' is not a timestamp: '{Truncate(eventTimeText!)}'");
        }

        // CloudTrail always writes eventID; a record without one (a redacted or hand-made copy) gets a
        // deterministic id from its content, so a redelivery of the same bytes still deduplicates.
        bool derivedId = !record.TryGetProperty("eventID", out JsonElement idElement);
        if (!derivedId && (idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString())))
        {
            return ParseResult.Failure(idElement.ValueKind == JsonValueKind.String ? "field 'eventID' is empty" : $"field 'eventID' must be a string, found {Describe(idElement.ValueKind)}");
        }

        string eventId = derivedId ? DerivedEventId(record) : idElement.GetString()!;

        if (!record.TryGetProperty("userIdentity", out JsonElement identity) || identity.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Failure("missing required object 'userIdentity'");
        }

        string? requestParameters = null, cluster = null, service = null, taskDefinition = null;
        if (record.TryGetProperty("requestParameters", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            requestParameters = parameters.GetRawText();
            cluster = LastArnSegment(OptionalString(parameters, "cluster") ?? OptionalString(parameters, "clusterName"));
            service = LastArnSegment(OptionalString(parameters, "service") ?? OptionalString(parameters, "serviceName"));
            taskDefinition = LastArnSegment(OptionalString(parameters, "taskDefinition") ?? OptionalString(parameters, "family"));
        }

        return ParseResult.Success(new CloudTrailEvent
        {
            EventId = eventId,
            EventIdDerived = derivedId ? true : null,
            EventName = eventName!,
            EventSource = eventSource!,
            EventTime = eventTime,
            AwsRegion = OptionalString(record, "awsRegion"),
            RecipientAccountId = OptionalString(record, "recipientAccountId"),
            SourceIpAddress = OptionalString(record, "sourceIPAddress"),
            UserAgent = OptionalString(record, "userAgent"),
            ErrorCode = OptionalString(record, "errorCode"),
            ErrorMessage = OptionalString(record, "errorMessage"),
            EventType = OptionalString(record, "eventType"),
            ReadOnly = OptionalBool(record, "readOnly"),
            UserIdentity = ParseIdentity(identity),
            RequestParametersJson = requestParameters,
            Cluster = cluster,
            Service = service,
            TaskDefinition = taskDefinition,
        });
    }

    private static UserIdentity ParseIdentity(JsonElement identity)
    {
        string? issuerArn = null, issuerType = null, issuerUserName = null;
        bool? mfa = null;
        if (identity.TryGetProperty("sessionContext", out JsonElement session) && session.ValueKind == JsonValueKind.Object)
        {
            if (session.TryGetProperty("sessionIssuer", out JsonElement issuer) && issuer.ValueKind == JsonValueKind.Object)
            {
                issuerArn = OptionalString(issuer, "arn");
                issuerType = OptionalString(issuer, "type");
                issuerUserName = OptionalString(issuer, "userName");
            }

            if (session.TryGetProperty("attributes", out JsonElement attributes) && attributes.ValueKind == JsonValueKind.Object)
            {
                mfa = OptionalBool(attributes, "mfaAuthenticated");
            }
        }

        return new UserIdentity
        {
            Type = OptionalString(identity, "type"),
            Arn = OptionalString(identity, "arn"),
            AccountId = OptionalString(identity, "accountId"),
            PrincipalId = OptionalString(identity, "principalId"),
            UserName = OptionalString(identity, "userName"),
            InvokedBy = OptionalString(identity, "invokedBy"),
            SessionIssuerArn = issuerArn,
            SessionIssuerType = issuerType,
            SessionIssuerUserName = issuerUserName,
            MfaAuthenticated = mfa,
            SessionCredentialFromConsole = OptionalBool(identity, "sessionCredentialFromConsole"),
        };
    }

    private static bool TryRequiredString(JsonElement obj, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!obj.TryGetProperty(name, out JsonElement element))
        {
            error = $"missing required field '{name}'";
            return false;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"field '{name}' must be a string, found {Describe(element.ValueKind)}";
            return false;
        }

        value = element.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"field '{name}' is empty";
            return false;
        }

        return true;
    }

    /// <summary>"arn:aws:ecs:…:cluster/prod" → "prod"; plain names pass through.</summary>
    private static string? LastArnSegment(string? value)
    {
        if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return value;
        }

        int slash = value.LastIndexOf('/');
        return slash >= 0 && slash < value.Length - 1 ? value[(slash + 1)..] : value;
    }

    private static string DerivedEventId(JsonElement record)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.GetRawText()));
        return "derived-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : null;

    /// <summary>CloudTrail writes booleans both as JSON booleans and as "true"/"false" strings.</summary>
    private static bool? OptionalBool(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(element.GetString(), out bool parsed) => parsed,
            _ => null,
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");
}
