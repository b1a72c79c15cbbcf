using System.Globalization;
using System.Text.Json;
using EcsRtma.Core;
using EcsRtma.Core.Events;

namespace EcsRtma.Cli;

/// <summary>
/// Splits any supported input into records. If the first non-empty line is a complete JSON value
/// the input is JSON Lines and is streamed line by line; otherwise the whole input is one JSON
/// document (an envelope, a record, or a CloudTrail log file with a Records array). A line may
/// itself be a whole log file: CloudTrail writes each file as one line.
/// </summary>
public static class RecordReader
{
    public static IEnumerable<ParseResult> Read(TextReader reader, ParseScope scope = ParseScope.All) => ReadRaw(reader, scope).Select(r => r.Result);

    /// <param name="scope"><see cref="ParseScope.EcsOnly"/>: records of other services come back as <see cref="ParseResult.IsOtherSource"/>, unbuilt.</param>
    /// <remarks>
    /// No line or document over <see cref="Limits.MaxDocumentBytes"/> is held: it is read past and
    /// becomes one rejection, and the lines after it are read as usual.
    /// </remarks>
    public static IEnumerable<RawRecord> ReadRaw(TextReader reader, ParseScope scope = ParseScope.All)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new BoundedLines(reader);
        string? first;
        long length;
        do
        {
            if (!lines.TryRead(Limits.MaxDocumentBytes, toEnd: false, out first, out length))
            {
                yield break;
            }
        }
        while (first is not null && first.Trim().Length == 0);

        // A first line too long to hold is no pretty-printed document's: read on as JSON Lines.
        byte[]? firstUtf8 = first is null ? null : System.Text.Encoding.UTF8.GetBytes(first);
        if (first is null || IsCompleteJson(firstUtf8))
        {
            foreach (RawRecord result in first is null ? [TooLarge("line", length)] : ParseWhole(first, scope, firstUtf8))
            {
                yield return result;
            }

            while (lines.TryRead(Limits.MaxDocumentBytes, toEnd: false, out string? line, out length))
            {
                if (line is null)
                {
                    yield return TooLarge("line", length);
                }
                else if (!string.IsNullOrWhiteSpace(line))
                {
                    foreach (RawRecord result in ParseWhole(line, scope))
                    {
                        yield return result;
                    }
                }
            }

            yield break;
        }

        // One document over several lines: the rest of the input belongs to it.
        if (!lines.TryRead(Limits.MaxDocumentBytes - first.Length - 1, toEnd: true, out string? rest, out length))
        {
            rest = string.Empty;
        }

        foreach (RawRecord result in rest is null ? [TooLarge("document", first.Length + 1 + length)] : ParseWhole(first + "\n" + rest, scope))
        {
            yield return result;
        }
    }

    private static RawRecord TooLarge(string what, long length) =>
        new(ParseResult.Failure(string.Create(CultureInfo.InvariantCulture, $"{what} of {length} characters is over the {Limits.MaxDocumentBytes}-byte limit; it was not read")), string.Empty);

    /// <summary>True when the bytes hold exactly one complete JSON value.</summary>
    public static bool IsCompleteJson(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One JSON document: a record, an envelope, or a log file.</summary>
    /// <param name="utf8">The text as UTF-8, when the caller has it already (a log file's line can be many megabytes).</param>
    private static IEnumerable<RawRecord> ParseWhole(string text, ParseScope scope, byte[]? utf8 = null)
    {
        utf8 ??= System.Text.Encoding.UTF8.GetBytes(text);
        if (utf8.Length > Limits.MaxDocumentBytes)
        {
            return [new RawRecord(ParseResult.Failure(string.Create(CultureInfo.InvariantCulture, $"document of {utf8.Length} bytes is over the {Limits.MaxDocumentBytes}-byte limit")), string.Empty)];
        }

        if (!MayBeLogFile(utf8))
        {
            return [new RawRecord(CloudTrailParser.Parse(utf8, scope), text)];
        }

        List<Range> records;
        try
        {
            records = LogFileRecords(utf8);
        }
        catch (JsonException ex)
        {
            return [new RawRecord(ParseResult.Failure($"not valid JSON or JSON Lines: {ex.Message}"), text)];
        }

        if (records.Count == 0)
        {
            return [new RawRecord(CloudTrailParser.Parse(utf8, scope), text)];
        }

        // Each record is parsed from its slice of the file's bytes; its text is decoded only when
        // something may use it (not for another service's record under ParseScope.EcsOnly).
        return records.Select(range =>
        {
            ParseResult result = CloudTrailParser.Parse(utf8.AsSpan(range), scope);
            return new RawRecord(result, result.IsOtherSource ? string.Empty : System.Text.Encoding.UTF8.GetString(utf8.AsSpan(range)));
        });
    }

    /// <summary>
    /// Whether a document may hold a <c>Records</c> array: the name as written, or any JSON escape
    /// (<c>"Rec\u006frds"</c> is the same name to every JSON reader, and must not hide a file's records).
    /// </summary>
    public static bool MayBeLogFile(ReadOnlySpan<byte> utf8) => utf8.IndexOf("\"Records\""u8) >= 0 || utf8.IndexOf("\\u"u8) >= 0;

    /// <summary>
    /// Where each element of a log file's <c>Records</c> array lies in its bytes, read in one
    /// forward pass (no document object model); empty when the document has no such array. Every
    /// <c>Records</c> array at the top level counts: a file that names it twice hides nothing. The
    /// whole document is validated; anything after it is an error.
    /// </summary>
    private static List<Range> LogFileRecords(byte[] utf8)
    {
        var ranges = new List<Range>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 128 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            while (reader.Read())
            {
            }

            return ranges;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isRecords = reader.ValueTextEquals("Records"u8);
            reader.Read();
            if (isRecords && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    ranges.Add(start..(int)reader.BytesConsumed);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        while (reader.Read())
        {
        }

        return ranges;
    }
}
