using System.Globalization;
using System.Text;
using System.Text.Json;
using EcsRtma.Core.Text;

namespace EcsRtma.Core.Events;

/// <summary>
/// Parses one CloudTrail record, either bare or wrapped in the EventBridge envelope
/// ("AWS API Call via CloudTrail"), in a single forward pass with <see cref="Utf8JsonReader"/>:
/// no document object model is built, fields EcsRtma does not read are skipped, and
/// <c>requestParameters</c> is kept as its raw text. Never throws on bad input: every failure
/// becomes a <see cref="ParseResult"/> with a specific reason.
/// </summary>
public static partial class CloudTrailParser
{
    public const string CloudTrailDetailType = "AWS API Call via CloudTrail";

    /// <summary>The largest message accepted (<see cref="Limits.MaxMessageBytes"/>).</summary>
    public const int MaxMessageBytes = Limits.MaxMessageBytes;

    /// <summary>The eventSource of ECS API calls.</summary>
    public const string EcsEventSource = "ecs.amazonaws.com";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    public static ParseResult Parse(string json) => Parse(json, ParseScope.All);

    public static ParseResult Parse(string json, ParseScope scope)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxMessageBytes)
        {
            return ParseResult.Failure($"message is {json.Length} characters, over the {MaxMessageBytes}-byte limit");
        }

        return Parse(Encoding.UTF8.GetBytes(json), scope);
    }

    /// <summary>Parses an already-loaded JSON element (an envelope or a bare record).</summary>
    public static ParseResult ParseRoot(JsonElement root) => Parse(Encoding.UTF8.GetBytes(root.GetRawText()));

    public static ParseResult Parse(ReadOnlyMemory<byte> utf8Json) => Parse(utf8Json.Span);

    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json) => Parse(utf8Json, ParseScope.All);

    /// <summary>
    /// With <see cref="ParseScope.EcsOnly"/>, a valid record from another service comes back as
    /// <see cref="ParseResult.IsOtherSource"/> after one tokenizing pass that builds nothing for it
    /// (no identity, no request facts); ECS records come back exactly as with <see cref="ParseScope.All"/>.
    /// </summary>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json, ParseScope scope) => Parse(utf8Json, scope, hashContent: false);

    /// <summary>
    /// Parses one queue message as the drain does: like <see cref="Parse(string)"/>, and the event also
    /// carries <see cref="CloudTrailEvent.ContentHash"/>, the hash of the CloudTrail record's own bytes
    /// (without the EventBridge envelope), so a different record under a known eventID is told from a copy.
    /// </summary>
    public static ParseResult ParseMessage(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Length > MaxMessageBytes
            ? ParseResult.Failure($"message is {body.Length} characters, over the {MaxMessageBytes}-byte limit")
            : Parse(Encoding.UTF8.GetBytes(body), ParseScope.All, hashContent: true);
    }

    private static ParseResult Parse(ReadOnlySpan<byte> utf8Json, ParseScope scope, bool hashContent)
    {
        if (utf8Json.IsEmpty)
        {
            return ParseResult.Failure("empty message");
        }

        if (utf8Json.Length > MaxMessageBytes)
        {
            return ParseResult.Failure($"message is {utf8Json.Length} bytes, over the {MaxMessageBytes}-byte limit");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            if (!reader.Read())
            {
                return ParseResult.Failure("empty message");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                string found = Describe(reader.TokenType);
                reader.Skip();
                return reader.Read() ? ParseResult.Failure("not valid JSON: more than one value") : ParseResult.Failure($"expected a JSON object, found {found}");
            }

            bool ecsOnly = scope == ParseScope.EcsOnly;
            var top = new RecordFields { Start = (int)reader.TokenStartIndex, EcsOnly = ecsOnly };
            var detail = new RecordFields { EcsOnly = ecsOnly };
            string? detailType = null;
            bool hasDetailType = false, hasRecords = false;
            JsonTokenType detailKind = JsonTokenType.None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (Is(ref reader, "detail-type"u8))
                {
                    reader.Read();
                    hasDetailType = true;
                    detailType = reader.TokenType == JsonTokenType.String ? reader.GetString() : Describe(reader.TokenType);
                    reader.Skip();
                }
                else if (Is(ref reader, "detail"u8))
                {
                    reader.Read();
                    detailKind = reader.TokenType;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        detail.Start = (int)reader.TokenStartIndex;
                        ReadRecordObject(ref reader, utf8Json, ref detail);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (Is(ref reader, "Records"u8))
                {
                    hasRecords = true;
                    reader.Read();
                    reader.Skip();
                }
                else
                {
                    ReadRecordProperty(ref reader, utf8Json, ref top);
                }
            }

            top.End = (int)reader.BytesConsumed;
            if (reader.Read())
            {
                return ParseResult.Failure("not valid JSON: more than one value");
            }

            if (hasDetailType)
            {
                if (!string.Equals(detailType, CloudTrailDetailType, StringComparison.Ordinal))
                {
                    return ParseResult.Failure($"EventBridge event with detail-type '{Truncate(detailType ?? "null")}' is not a CloudTrail API call");
                }

                return detailKind == JsonTokenType.StartObject
                    ? Build(ref detail, utf8Json, hashContent)
                    : ParseResult.Failure("EventBridge envelope has no 'detail' object");
            }

            if (hasRecords)
            {
                return ParseResult.Failure("a CloudTrail log file ({\"Records\":[...]}) is not a single event; split it into records first");
            }

            return Build(ref top, utf8Json, hashContent);
        }
        catch (JsonException ex)
        {
            return ParseResult.Failure($"not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // A string with invalid UTF-8 or escapes that GetString cannot decode.
            return ParseResult.Failure($"not valid JSON text: {ex.Message}");
        }
    }

    /// <summary>Reads a record object; the reader is on its StartObject and ends on its EndObject.</summary>
    private static void ReadRecordObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RecordFields f)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadRecordProperty(ref reader, json, ref f);
        }

        f.End = (int)reader.BytesConsumed;
    }

    /// <summary>The reader is on a property name; leaves it on the last token of the value.</summary>
    private static void ReadRecordProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RecordFields f)
    {
        if (f.OtherSource && !Is(ref reader, "eventSource"u8))
        {
            // Another service's record (ParseScope.EcsOnly): nothing after its eventSource is built.
            f.SkippedForOtherSource = true;
            reader.Read();
            reader.Skip();
            return;
        }

        if (Is(ref reader, "eventID"u8))
        {
            f.EventId = ReadRequired(ref reader, ref f.EventIdKind);
        }
        else if (Is(ref reader, "eventName"u8))
        {
            f.EventName = ReadRequired(ref reader, ref f.EventNameKind, repeated: true);
        }
        else if (Is(ref reader, "eventSource"u8))
        {
            f.EventSource = ReadRequired(ref reader, ref f.EventSourceKind, repeated: true);
            if (f.EcsOnly)
            {
                bool ecs = f.EventSource is not null && string.Equals(UntrustedText.Clean(f.EventSource, Limits.NameChars), EcsEventSource, StringComparison.Ordinal);
                f.KnownEcs = ecs;
                f.OtherSource = !ecs;
            }
        }
        else if (Is(ref reader, "eventTime"u8))
        {
            reader.Read();
            f.EventTimeKind = reader.TokenType;
            if (reader.TokenType == JsonTokenType.String)
            {
                f.HasEventTime = reader.TryGetDateTimeOffset(out f.EventTime);
                f.EventTimeText = f.HasEventTime ? null : reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
        else if (Is(ref reader, "userIdentity"u8))
        {
            reader.Read();
            f.IdentityKind = reader.TokenType;
            f.Identity = null;
            f.IdentityDeferred = false;
            if (reader.TokenType == JsonTokenType.StartObject && f.EcsOnly && !f.KnownEcs)
            {
                // Not known to be ECS yet: keep where it is and read it only if the record turns out to be.
                f.IdentityDeferred = true;
                f.IdentityStart = (int)reader.TokenStartIndex;
                reader.Skip();
                f.IdentityEnd = (int)reader.BytesConsumed;
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                f.Identity = ReadIdentity(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        else if (Is(ref reader, "requestParameters"u8))
        {
            reader.Read();
            f.Request = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                f.Request = ReadRequestParameters(ref reader, ref f);
            }
            else
            {
                reader.Skip();
            }
        }
        else if (Is(ref reader, "awsRegion"u8))
        {
            f.AwsRegion = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "recipientAccountId"u8))
        {
            f.RecipientAccountId = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "sourceIPAddress"u8))
        {
            f.SourceIpAddress = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "userAgent"u8))
        {
            f.UserAgent = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "errorCode"u8))
        {
            f.ErrorCode = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "errorMessage"u8))
        {
            f.ErrorMessage = ReadOptional(ref reader);
        }
        else if (Is(ref reader, "eventType"u8))
        {
            f.EventType = ReadOptional(ref reader, repeated: true);
        }
        else if (Is(ref reader, "readOnly"u8))
        {
            f.ReadOnly = ReadBool(ref reader);
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    private static ParseResult Build(ref RecordFields f, ReadOnlySpan<byte> json, bool hashContent)
    {
        if (f.EcsOnly && Missing("eventSource", f.EventSource, f.EventSourceKind) is null)
        {
            string source = UntrustedText.Clean(f.EventSource!, Limits.NameChars);
            if (!string.Equals(source, EcsEventSource, StringComparison.Ordinal))
            {
                return ParseResult.OtherSource(source);
            }

            if (f.SkippedForOtherSource)
            {
                // Only when eventSource appeared twice (another service's first): read it all again, plainly.
                return Parse(json, ParseScope.All);
            }

            if (f.IdentityDeferred)
            {
                var identityReader = new Utf8JsonReader(json[f.IdentityStart..f.IdentityEnd], ReaderOptions);
                identityReader.Read();
                f.Identity = ReadIdentity(ref identityReader);
            }
        }

        if (Missing("eventName", f.EventName, f.EventNameKind) is { } nameError)
        {
            return ParseResult.Failure(nameError);
        }

        if (Missing("eventSource", f.EventSource, f.EventSourceKind) is { } sourceError)
        {
            return ParseResult.Failure(sourceError);
        }

        if (f.EventTimeKind == JsonTokenType.None)
        {
            return ParseResult.Failure("missing required field 'eventTime'");
        }

        if (f.EventTimeKind != JsonTokenType.String)
        {
            return ParseResult.Failure($"field 'eventTime' must be a string, found {Describe(f.EventTimeKind)}");
        }

        if (!f.HasEventTime && !DateTimeOffset.TryParse(f.EventTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out f.EventTime))
        {
            return ParseResult.Failure($"field 'eventTime' is not a timestamp: '{Truncate(f.EventTimeText ?? string.Empty)}'");
        }

        // CloudTrail always writes eventID; a record without one (a redacted or hand-made copy) gets a
        // deterministic id from its content, so a redelivery of the same bytes still deduplicates.
        bool derivedId = f.EventIdKind == JsonTokenType.None;
        if (!derivedId && Missing("eventID", f.EventId, f.EventIdKind) is { } idError)
        {
            return ParseResult.Failure(idError);
        }

        if (f.IdentityKind != JsonTokenType.StartObject)
        {
            return ParseResult.Failure("missing required object 'userIdentity'");
        }

        // Every field is attacker-controlled: cleaned and bounded once, here (Limits). The key is taken
        // from the whole id before it is cut for display, so two long ids never share a key.
        string eventId = derivedId ? DerivedEventId(json[f.Start..f.End]) : f.EventId!;
        return ParseResult.Success(new CloudTrailEvent
        {
            EventId = UntrustedText.Clean(eventId, Limits.EventIdChars),
            EventKey = EventKeys.For(eventId),
            EventIdDerived = derivedId ? true : null,
            EventName = UntrustedText.Clean(f.EventName!, Limits.NameChars),
            EventSource = UntrustedText.Clean(f.EventSource!, Limits.NameChars),
            EventTime = f.EventTime.ToUniversalTime(),
            AwsRegion = UntrustedText.Bound(f.AwsRegion, Limits.NameChars),
            RecipientAccountId = UntrustedText.Bound(f.RecipientAccountId, Limits.NameChars),
            SourceIpAddress = UntrustedText.Bound(f.SourceIpAddress, Limits.TextChars),
            UserAgent = UntrustedText.Bound(f.UserAgent, Limits.TextChars),
            ErrorCode = UntrustedText.Bound(f.ErrorCode, Limits.NameChars),
            ErrorMessage = UntrustedText.Bound(f.ErrorMessage, Limits.TextChars),
            EventType = UntrustedText.Bound(f.EventType, Limits.NameChars),
            ReadOnly = f.ReadOnly,
            UserIdentity = f.Identity!,
            Request = f.Request,
            Cluster = UntrustedText.Bound(f.Cluster, Limits.NameChars),
            Service = UntrustedText.Bound(f.Service, Limits.NameChars),
            TaskDefinition = UntrustedText.Bound(f.TaskDefinition, Limits.NameChars),
            AssignPublicIp = f.AssignPublicIp,
            ContentHash = hashContent ? ContentHashOf(json[f.Start..f.End]) : null,
        });
    }

    private static string? Missing(string name, string? value, JsonTokenType kind) => kind switch
    {
        JsonTokenType.None => $"missing required field '{name}'",
        JsonTokenType.String when string.IsNullOrWhiteSpace(value) => $"field '{name}' is empty",
        JsonTokenType.String => null,
        _ => $"field '{name}' must be a string, found {Describe(kind)}",
    };
}
