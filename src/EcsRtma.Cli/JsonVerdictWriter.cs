using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Cli;

/// <summary>
/// JSON Lines: <c>eventId, eventName, eventSource, outcome, severity, actor{type, arn, privileged, via, tool},
/// reasons, findings[{id, severity, container, field, message}], title, …</c>. Written with a
/// <see cref="Utf8JsonWriter"/> straight to the output stream.
/// </summary>
public sealed class JsonVerdictWriter : VerdictWriter
{
    /// <summary>
    /// JSON Lines for tools (jq, a SIEM), never embedded in HTML: quotes, backslashes and control
    /// characters are escaped (the output is always valid JSON), HTML-significant and non-ASCII
    /// characters are written as they are. Record text was cleaned of control and invisible
    /// characters when parsed (UntrustedText); HTML renderers escape for themselves.
    /// </summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly Stream _out;
    private readonly Utf8JsonWriter _json;
    private readonly TextWriter _text;

    public JsonVerdictWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _text = output;
        _out = output is StreamWriter sw ? sw.BaseStream : new TextWriterStream(output);
        _json = new Utf8JsonWriter(_out, Options);
    }

    public override void Write(ParseResult record, Verdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(record);
        _text.Flush();
        WriteRecord(_json, record, verdict);
        _json.Flush();
        _json.Reset();
        _out.WriteByte((byte)'\n');
    }

    /// <summary>One verdict as a JSON object (no newline), shared by the streaming and the parallel paths.</summary>
    public static void WriteRecord(Utf8JsonWriter w, ParseResult record, Verdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(record);
        w.WriteStartObject();
        if (verdict is null)
        {
            w.WriteNull(Names.EventId);
            w.WriteNull(Names.EventName);
            w.WriteNull(Names.EventSource);
            w.WriteString(Names.Outcome, EnumText<Outcome>.Of(Outcome.Rejected));
            w.WriteNull(Names.Severity);
            w.WriteNull(Names.Actor);
            w.WriteStartArray(Names.Reasons);
            w.WriteStringValue(record.Error);
            w.WriteEndArray();
            w.WriteStartArray(Names.Findings);
            w.WriteEndArray();
        }
        else
        {
            CloudTrailEvent e = record.Event!;
            w.WriteString(Names.EventId, e.EventId);
            w.WriteString(Names.EventName, e.EventName);
            w.WriteString(Names.EventSource, e.EventSource);
            w.WriteString(Names.EventTime, e.EventTime);
            w.WriteString(Names.Outcome, EnumText<Outcome>.Of(verdict.Outcome));
            if (verdict.Severity is { } severity)
            {
                w.WriteString(Names.Severity, EnumText<Severity>.Of(severity));
            }
            else
            {
                w.WriteNull(Names.Severity);
            }

            w.WriteStartObject(Names.Actor);
            w.WriteString(Names.Type, EnumText<ActorType>.Pascal(verdict.Actor.Type));
            w.WriteString(Names.Arn, verdict.Actor.Arn);
            if (verdict.Actor.Privileged is { } privileged)
            {
                w.WriteBoolean(Names.Privileged, privileged);
            }
            else
            {
                w.WriteNull(Names.Privileged);
            }

            w.WriteString(Names.Via, EnumText<CallVia>.Of(verdict.Actor.Via));
            w.WriteString(Names.Tool, verdict.Actor.Tool);
            w.WriteString(Names.Name, verdict.Actor.DisplayName);
            w.WriteEndObject();
            WriteStrings(w, Names.Reasons, verdict.Reasons);
            w.WriteStartArray(Names.Findings);
            foreach (Finding f in verdict.Findings)
            {
                w.WriteStartObject();
                w.WriteString(Names.Id, f.Id);
                w.WriteString(Names.Severity, EnumText<Severity>.Of(f.Severity));
                w.WriteString(Names.Container, f.Container);
                w.WriteString(Names.Field, f.Field);
                w.WriteString(Names.Message, f.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString(Names.Title, verdict.Title);
            w.WriteString(Names.ResourceType, verdict.ResourceType);
            w.WriteString(Names.AccountId, verdict.AccountId);
            w.WriteString(Names.Region, verdict.Region);
            w.WriteString(Names.Cluster, verdict.Cluster);
            w.WriteString(Names.Service, verdict.Service);
            w.WriteString(Names.TaskDefinition, verdict.TaskDefinition);
            w.WriteString(Names.SourceIp, verdict.SourceIp);
            w.WriteString(Names.UserAgent, verdict.UserAgent);
            w.WriteString(Names.SuppressedBy, verdict.SuppressedBy);
            WriteStrings(w, Names.Remediation, verdict.Remediation);
        }

        w.WriteEndObject();
    }

    public override void Finish()
    {
        _json.Flush();
        _out.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void WriteStrings(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>Adapts a TextWriter (e.g. a StringWriter in tests) to a UTF-8 stream.</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => writer.Write(System.Text.Encoding.UTF8.GetString(buffer, offset, count));
    }

    /// <summary>Property names encoded once (the hand-rolled writer's hot path writes ~30 per record).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("accountId");
        public static readonly JsonEncodedText Actor = JsonEncodedText.Encode("actor");
        public static readonly JsonEncodedText Arn = JsonEncodedText.Encode("arn");
        public static readonly JsonEncodedText Cluster = JsonEncodedText.Encode("cluster");
        public static readonly JsonEncodedText Container = JsonEncodedText.Encode("container");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
        public static readonly JsonEncodedText EventName = JsonEncodedText.Encode("eventName");
        public static readonly JsonEncodedText EventSource = JsonEncodedText.Encode("eventSource");
        public static readonly JsonEncodedText EventTime = JsonEncodedText.Encode("eventTime");
        public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
        public static readonly JsonEncodedText Findings = JsonEncodedText.Encode("findings");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText Privileged = JsonEncodedText.Encode("privileged");
        public static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
        public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
        public static readonly JsonEncodedText Remediation = JsonEncodedText.Encode("remediation");
        public static readonly JsonEncodedText ResourceType = JsonEncodedText.Encode("resourceType");
        public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText SourceIp = JsonEncodedText.Encode("sourceIp");
        public static readonly JsonEncodedText SuppressedBy = JsonEncodedText.Encode("suppressedBy");
        public static readonly JsonEncodedText TaskDefinition = JsonEncodedText.Encode("taskDefinition");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Tool = JsonEncodedText.Encode("tool");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("userAgent");
        public static readonly JsonEncodedText Via = JsonEncodedText.Encode("via");
    }

    /// <summary>Enum values as JSON text, encoded once: camelCase (as the rest of the output) or as declared.</summary>
    private static class EnumText<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, (JsonEncodedText Camel, JsonEncodedText Pascal)> Texts =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => (JsonEncodedText.Encode(Camel(v.ToString())), JsonEncodedText.Encode(v.ToString())));

        public static JsonEncodedText Of(TEnum value) => Texts.TryGetValue(value, out var text) ? text.Camel : JsonEncodedText.Encode(Camel(value.ToString()));

        public static JsonEncodedText Pascal(TEnum value) => Texts.TryGetValue(value, out var text) ? text.Pascal : JsonEncodedText.Encode(value.ToString());
    }
}
