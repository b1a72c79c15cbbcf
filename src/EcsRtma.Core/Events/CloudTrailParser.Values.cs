using System.Runtime.CompilerServices;
using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>Value readers and the per-record field set of the parser.</summary>
public static partial class CloudTrailParser
{
    /// <summary>
    /// The property name (or string) the reader is on equals <paramref name="utf8Name"/>, escapes decoded:
    /// the plain case compares bytes inline, an escaped name (rare, and attacker-made) goes the long way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8Name) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? reader.ValueTextEquals(utf8Name) : reader.ValueSpan.SequenceEqual(utf8Name);

    /// <param name="repeated">A value that repeats across records: decoded through the per-thread cache (<see cref="Repeated"/>).</param>
    private static string? ReadRequired(ref Utf8JsonReader reader, ref JsonTokenType kind, bool repeated = false)
    {
        reader.Read();
        kind = reader.TokenType;
        return ReadStringValue(ref reader, repeated);
    }

    /// <param name="repeated">A value that repeats across records: decoded through the per-thread cache (<see cref="Repeated"/>).</param>
    private static string? ReadOptional(ref Utf8JsonReader reader, bool repeated = false)
    {
        reader.Read();
        return ReadStringValue(ref reader, repeated);
    }

    /// <summary>The string the reader is on, or null (and the value skipped) when it is anything else.</summary>
    private static string? ReadStringValue(ref Utf8JsonReader reader, bool repeated)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return repeated ? Repeated(ref reader) : reader.GetString();
    }

    /// <summary>A JSON boolean, or a string bool.TryParse accepts ("true", "False", " TRUE "): CloudTrail and ECS write both.</summary>
    private static bool? ReadBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                return bool.TryParse(reader.GetString(), out bool b) ? b : null;
            default:
                reader.Skip();
                return null;
        }
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

    private static string DerivedEventId(ReadOnlySpan<byte> record)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(record, hash);
        return "derived-" + Convert.ToHexStringLower(hash[..16]);
    }

    private static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");

    /// <summary>What one pass collects from a record object.</summary>
    private struct RecordFields
    {
        public int Start;
        public int End;
        public string? EventId;
        public JsonTokenType EventIdKind;
        public string? EventName;
        public JsonTokenType EventNameKind;
        public string? EventSource;
        public JsonTokenType EventSourceKind;
        public DateTimeOffset EventTime;
        public bool HasEventTime;
        public string? EventTimeText;
        public JsonTokenType EventTimeKind;
        public UserIdentity? Identity;
        public JsonTokenType IdentityKind;
        public string? AwsRegion;
        public string? RecipientAccountId;
        public string? SourceIpAddress;
        public string? UserAgent;
        public string? ErrorCode;
        public string? ErrorMessage;
        public string? EventType;
        public bool? ReadOnly;
        public RequestFacts? Request;
        public bool EcsOnly;
        public bool KnownEcs;
        public bool OtherSource;
        public bool SkippedForOtherSource;
        public bool IdentityDeferred;
        public int IdentityStart;
        public int IdentityEnd;
        public string? Cluster;
        public string? Service;
        public string? TaskDefinition;
        public bool? AssignPublicIp;
    }

    /// <summary>The first 128 bits of the SHA-256 of a record's bytes, in hex: equal for copies, different for any other record.</summary>
    internal static string ContentHashOf(ReadOnlySpan<byte> record)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(record, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
