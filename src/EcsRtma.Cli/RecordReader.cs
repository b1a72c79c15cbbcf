using System.Text.Json;
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
    public static IEnumerable<RawRecord> ReadRaw(TextReader reader, ParseScope scope = ParseScope.All)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? first;
        do
        {
            first = reader.ReadLine();
        }
        while (first is not null && first.Trim().Length == 0);

        if (first is null)
        {
            yield break;
        }

        if (IsCompleteJson(System.Text.Encoding.UTF8.GetBytes(first)))
        {
            foreach (RawRecord result in ParseWhole(first, scope))
            {
                yield return result;
            }

            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    foreach (RawRecord result in ParseWhole(line, scope))
                    {
                        yield return result;
                    }
                }
            }

            yield break;
        }

        foreach (RawRecord result in ParseWhole(first + "\n" + reader.ReadToEnd(), scope))
        {
            yield return result;
        }
    }

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
    private static IEnumerable<RawRecord> ParseWhole(string text, ParseScope scope)
    {
        if (text.Length > CloudTrailParser.MaxMessageBytes * 64)
        {
            return [new RawRecord(ParseResult.Failure($"document of {text.Length} characters is too large"), string.Empty)];
        }

        if (!text.Contains("\"Records\"", StringComparison.Ordinal))
        {
            return [new RawRecord(CloudTrailParser.Parse(text, scope), text)];
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            return [new RawRecord(ParseResult.Failure($"not valid JSON or JSON Lines: {ex.Message}"), text)];
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
            {
                return [.. records.EnumerateArray().Select(r => r.GetRawText()).Select(raw => new RawRecord(CloudTrailParser.Parse(raw, scope), raw))];
            }

            return [new RawRecord(CloudTrailParser.ParseRoot(root), text)];
        }
    }
}
