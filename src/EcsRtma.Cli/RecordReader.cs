using System.Text.Json;
using EcsRtma.Core.Events;

namespace EcsRtma.Cli;

/// <summary>
/// Splits any supported input into records. If the first non-empty line is a complete JSON value
/// the input is JSON Lines and is streamed line by line; otherwise the whole input is one JSON
/// document (an envelope, a record, or a CloudTrail log file with a Records array).
/// </summary>
public static class RecordReader
{
    public static IEnumerable<ParseResult> Read(TextReader reader)
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
            foreach (ParseResult result in ParseWhole(first))
            {
                yield return result;
            }

            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    foreach (ParseResult result in ParseWhole(line))
                    {
                        yield return result;
                    }
                }
            }

            yield break;
        }

        string whole = first + "\n" + reader.ReadToEnd();
        foreach (ParseResult result in ParseWhole(whole))
        {
            yield return result;
        }
    }

    /// <summary>One JSON document: a record, an envelope, or a log file (CloudTrail writes each file as one line).</summary>
    private static IEnumerable<ParseResult> ParseWhole(string text)
    {
        if (text.Length > CloudTrailParser.MaxMessageBytes * 64)
        {
            return [ParseResult.Failure($"document of {text.Length} characters is too large")];
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            return [ParseResult.Failure($"not valid JSON or JSON Lines: {ex.Message}")];
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
            {
                return [.. records.EnumerateArray().Select(CloudTrailParser.ParseRoot)];
            }

            return [CloudTrailParser.ParseRoot(root)];
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
}
