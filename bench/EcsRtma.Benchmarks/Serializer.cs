using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Benchmarks;

/// <summary>A stand-in for the CLI's JSON writer (same shape), to time serialization alone.</summary>
internal static class Serializer
{
    public static void Write(Utf8JsonWriter w, ParseResult record, Verdict v)
    {
        w.WriteStartObject();
        w.WriteString("eventId", record.Event!.EventId);
        w.WriteString("eventName", v.EventName);
        w.WriteString("outcome", v.Outcome.ToString());
        w.WriteStartArray("reasons");
        foreach (string r in v.Reasons)
        {
            w.WriteStringValue(r);
        }

        w.WriteEndArray();
        w.WriteString("title", v.Title);
        w.WriteString("userAgent", v.UserAgent);
        w.WriteString("arn", v.Actor.Arn);
        w.WriteStartArray("remediation");
        foreach (string r in v.Remediation)
        {
            w.WriteStringValue(r);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
