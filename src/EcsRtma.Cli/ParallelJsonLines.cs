using System.Buffers;
using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Detection;

namespace EcsRtma.Cli;

/// <summary>
/// The fast path of <c>classify --format json</c> for JSON Lines: reads UTF-8 in large chunks, splits
/// complete lines, and classifies chunks on all cores, writing results in input order. No UTF-16
/// decoding and no document object model for ordinary records; a line that holds a whole CloudTrail
/// log file (<c>{"Records":[…]}</c>, as CloudTrail writes them) is expanded on the slow path.
/// </summary>
public static class ParallelJsonLines
{
    private const int ChunkBytes = 1 << 22;

    /// <returns>How many records of other services were skipped (only with <see cref="ParseScope.EcsOnly"/>).</returns>
    public static async Task<long> RunAsync(Stream input, Stream output, ChangeClassifier classifier, ParseScope scope = ParseScope.All, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(classifier);
        var inFlight = new Queue<Task<Chunk>>();
        long skipped = 0;
        int maxInFlight = Environment.ProcessorCount * 2;
        byte[] carry = [];
        while (true)
        {
            byte[] buffer = new byte[carry.Length + ChunkBytes];
            carry.CopyTo(buffer, 0);
            int filled = carry.Length;
            int read;
            while (filled < buffer.Length && (read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            bool end = filled < buffer.Length;
            int lastNewline = end ? filled : Array.LastIndexOf(buffer, (byte)'\n', filled - 1) + 1;
            if (lastNewline == 0 && !end)
            {
                // A single line longer than the chunk: grow until its end is in the buffer.
                carry = buffer[..filled];
                continue;
            }

            carry = buffer[lastNewline..filled];
            ReadOnlyMemory<byte> chunk = buffer.AsMemory(0, lastNewline);
            inFlight.Enqueue(Task.Run(() => Classify(chunk, classifier, scope), cancellationToken));
            while (inFlight.Count >= maxInFlight || (end && inFlight.Count > 0))
            {
                Chunk done = await inFlight.Dequeue();
                skipped += done.Skipped;
                await output.WriteAsync(done.Output.WrittenMemory, cancellationToken);
            }

            if (end)
            {
                break;
            }
        }

        await output.FlushAsync(cancellationToken);
        return skipped;
    }

    private static Chunk Classify(ReadOnlyMemory<byte> chunk, ChangeClassifier classifier, ParseScope scope)
    {
        long skipped = 0;
        var output = new ArrayBufferWriter<byte>(chunk.Length + (chunk.Length / 2));
        using var json = new Utf8JsonWriter(output, JsonVerdictWriter.Options);
        ReadOnlySpan<byte> rest = chunk.Span;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline >= 0 ? rest[..newline] : rest;
            rest = newline >= 0 ? rest[(newline + 1)..] : [];
            line = line.TrimEnd((byte)'\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            ParseResult parsed = CloudTrailParser.Parse(line, scope);
            if (parsed.IsOtherSource)
            {
                skipped++;
                continue;
            }

            if (!parsed.IsSuccess && line.IndexOf("\"Records\""u8) >= 0)
            {
                // A whole CloudTrail log file on one line.
                using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(line));
                foreach (ParseResult record in RecordReader.Read(reader))
                {
                    if (scope == ParseScope.EcsOnly && record.IsSuccess && !string.Equals(record.Event!.EventSource, CloudTrailParser.EcsEventSource, StringComparison.Ordinal))
                    {
                        skipped++;
                        continue;
                    }

                    Write(json, output, record, classifier);
                }

                continue;
            }

            Write(json, output, parsed, classifier);
        }

        return new Chunk(output, skipped);
    }

    private sealed record Chunk(ArrayBufferWriter<byte> Output, long Skipped);

    private static void Write(Utf8JsonWriter json, ArrayBufferWriter<byte> output, ParseResult record, ChangeClassifier classifier)
    {
        JsonVerdictWriter.WriteRecord(json, record, record.IsSuccess ? classifier.Classify(record.Event!) : null);
        json.Flush();
        json.Reset();
        output.Write("\n"u8);
    }

    private static bool IsWhiteSpace(this ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
