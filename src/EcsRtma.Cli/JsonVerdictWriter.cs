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
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default, SkipValidation = true };
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
            w.WriteNull("eventId");
            w.WriteNull("eventName");
            w.WriteNull("eventSource");
            w.WriteString("outcome", "rejected");
            w.WriteNull("severity");
            w.WriteNull("actor");
            w.WriteStartArray("reasons");
            w.WriteStringValue(record.Error);
            w.WriteEndArray();
            w.WriteStartArray("findings");
            w.WriteEndArray();
        }
        else
        {
            CloudTrailEvent e = record.Event!;
            w.WriteString("eventId", e.EventId);
            w.WriteString("eventName", e.EventName);
            w.WriteString("eventSource", e.EventSource);
            w.WriteString("eventTime", e.EventTime);
            w.WriteString("outcome", Camel(verdict.Outcome.ToString()));
            if (verdict.Severity is { } severity)
            {
                w.WriteString("severity", Camel(severity.ToString()));
            }
            else
            {
                w.WriteNull("severity");
            }

            w.WriteStartObject("actor");
            w.WriteString("type", verdict.Actor.Type.ToString());
            w.WriteString("arn", verdict.Actor.Arn);
            if (verdict.Actor.Privileged is { } privileged)
            {
                w.WriteBoolean("privileged", privileged);
            }
            else
            {
                w.WriteNull("privileged");
            }

            w.WriteString("via", Camel(verdict.Actor.Via.ToString()));
            w.WriteString("tool", verdict.Actor.Tool);
            w.WriteString("name", verdict.Actor.DisplayName);
            w.WriteEndObject();
            WriteStrings(w, "reasons", verdict.Reasons);
            w.WriteStartArray("findings");
            foreach (Finding f in verdict.Findings)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("severity", Camel(f.Severity.ToString()));
                w.WriteString("container", f.Container);
                w.WriteString("field", f.Field);
                w.WriteString("message", f.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("title", verdict.Title);
            w.WriteString("resourceType", verdict.ResourceType);
            w.WriteString("accountId", verdict.AccountId);
            w.WriteString("region", verdict.Region);
            w.WriteString("cluster", verdict.Cluster);
            w.WriteString("service", verdict.Service);
            w.WriteString("taskDefinition", verdict.TaskDefinition);
            w.WriteString("sourceIp", verdict.SourceIp);
            w.WriteString("userAgent", verdict.UserAgent);
            w.WriteString("suppressedBy", verdict.SuppressedBy);
            WriteStrings(w, "remediation", verdict.Remediation);
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

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
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
}
