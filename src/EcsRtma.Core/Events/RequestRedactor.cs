using System.Buffers;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcsRtma.Core.Text;

namespace EcsRtma.Core.Events;

/// <summary>
/// Redacts a raw message before any of it is kept (a rejected message's preview, a collision's), by
/// allow-list: only the string values of fields known to be safe and useful to an operator (eventSource,
/// eventName, eventID, region, account, time, error code, the envelope's detail-type and source) are
/// kept, cleaned and bounded, and even those are dropped when they look like a credential. Every other
/// string value becomes <c>[redacted]</c>, whatever its name or shape (environment maps, name/value
/// pairs, free text); numbers, booleans and nulls keep their place, objects and arrays their shape, and
/// a property name that looks like a credential is redacted too. Text that is not JSON is not kept at
/// all: only its size and hash (the SQS dead-letter queue still holds the message itself).
/// </summary>
public static class RequestRedactor
{
    public const string Redacted = "[redacted]";

    private const int KeptValueChars = Limits.PreviewValueChars;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>Fields whose string value is kept (matched on the property's own name, case-sensitively, as CloudTrail and EventBridge write them).</summary>
    private static readonly FrozenSet<string> SafeFields = FrozenSet.ToFrozenSet(
    [
        "eventSource", "eventName", "eventID", "eventTime", "eventType", "eventVersion", "eventCategory",
        "awsRegion", "recipientAccountId", "errorCode", "readOnly",
        "detail-type", "source", "region", "account", "time", "version", "id",
    ], StringComparer.Ordinal);

    /// <summary>The redacted message, cut to <paramref name="maxChars"/>, or a size-and-hash line when it is not JSON.</summary>
    public static string Preview(string message, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[] utf8 = Encoding.UTF8.GetBytes(message);
        string? redacted = TryRedact(utf8);
        return redacted is null
            ? $"(not JSON: {utf8.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(utf8))[..16]}; not kept)"
            : Text.UntrustedText.Truncate(redacted, maxChars);
    }

    /// <summary>The JSON with every string value outside the allow-list redacted, or null when it is not valid JSON.</summary>
    public static string? TryRedact(ReadOnlySpan<byte> utf8Json)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, utf8Json.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                string? property = null;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            property = reader.GetString()!;
                            writer.WritePropertyName(SecretDetector.LooksLikeCredential(property) ? Redacted : UntrustedText.Clean(property, KeptValueChars));
                            continue;
                        case JsonTokenType.StartObject:
                            writer.WriteStartObject();
                            break;
                        case JsonTokenType.EndObject:
                            writer.WriteEndObject();
                            break;
                        case JsonTokenType.StartArray:
                            writer.WriteStartArray();
                            break;
                        case JsonTokenType.EndArray:
                            writer.WriteEndArray();
                            break;
                        case JsonTokenType.String:
                            string value = reader.GetString()!;
                            bool keep = property is not null && SafeFields.Contains(property) && reader.CurrentDepth <= 2 && !SecretDetector.LooksLikeCredential(value);
                            writer.WriteStringValue(keep ? UntrustedText.Clean(value, KeptValueChars) : Redacted);
                            break;
                        case JsonTokenType.Number:
                        case JsonTokenType.True:
                        case JsonTokenType.False:
                            writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            break;
                        case JsonTokenType.Null:
                            writer.WriteNullValue();
                            break;
                        default:
                            break;
                    }

                    // A value inside an array has no name of its own: never kept as text.
                    property = null;
                }
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
