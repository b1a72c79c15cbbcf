using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcsRtma.Core.Text;

namespace EcsRtma.Core.Events;

/// <summary>
/// Redacts a raw message before any of it is kept (a rejected message's preview): the value of every
/// <c>value</c> property (environment variables, tags, attributes), of every property whose name
/// suggests a secret (<c>password</c>, <c>*_TOKEN</c>, <c>apiKey</c> …), and every string shaped like
/// a credential is replaced by <c>[redacted]</c>. Text that is not JSON is not kept at all: only its
/// size and hash (the SQS dead-letter queue still holds the message itself).
/// </summary>
public static class RequestRedactor
{
    public const string Redacted = "[redacted]";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

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

    /// <summary>The JSON with secrets redacted, or null when it is not valid JSON.</summary>
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
                            property = reader.GetString();
                            writer.WritePropertyName(property!);
                            continue;
                        case JsonTokenType.StartObject:
                            writer.WriteStartObject();
                            break;
                        case JsonTokenType.EndObject:
                            writer.WriteEndObject();
                            break;
                        case JsonTokenType.StartArray:
                            if (property is not null && IsSecretProperty(property))
                            {
                                reader.Skip();
                                writer.WriteStringValue(Redacted);
                                break;
                            }

                            writer.WriteStartArray();
                            break;
                        case JsonTokenType.EndArray:
                            writer.WriteEndArray();
                            break;
                        case JsonTokenType.String:
                            string value = reader.GetString()!;
                            writer.WriteStringValue((property is not null && IsSecretProperty(property)) || SecretDetector.LooksLikeCredential(value) ? Redacted : value);
                            break;
                        case JsonTokenType.Number:
                        case JsonTokenType.True:
                        case JsonTokenType.False:
                            if (property is not null && IsSecretProperty(property))
                            {
                                writer.WriteStringValue(Redacted);
                            }
                            else
                            {
                                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            }

                            break;
                        case JsonTokenType.Null:
                            writer.WriteNullValue();
                            break;
                        default:
                            break;
                    }

                    // A value inside an array keeps its array's property; anything else ends it.
                    if (reader.CurrentDepth == 0 || reader.TokenType is JsonTokenType.EndObject)
                    {
                        property = null;
                    }
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

    private static bool IsSecretProperty(string name) =>
        name.Equals("value", StringComparison.OrdinalIgnoreCase)
        || name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || SecretDetector.IsSecretName(name);
}
