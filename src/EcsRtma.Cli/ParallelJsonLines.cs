using System.Buffers;
using System.Globalization;
using System.Text.Json;
using EcsRtma.Core;
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

    /// <summary>Input buffers of this size are reused: a chunk plus the partial line carried over from the last one.</summary>
    private const int PooledBytes = ChunkBytes * 2;

    /// <returns>How many records of other services were skipped (only with <see cref="ParseScope.EcsOnly"/>).</returns>
    public static async Task<long> RunAsync(Stream input, Stream output, ChangeClassifier classifier, ParseScope scope = ParseScope.All, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(classifier);
        var inFlight = new Queue<(Task<Chunk> Work, byte[] Input)>();
        long skipped = 0;
        int maxInFlight = Environment.ProcessorCount * 2;

        // Buffers are reused (rented and returned on this loop only): fresh multi-megabyte arrays per
        // chunk lived on the large object heap and cost more in garbage collection than the parsing.
        var inputs = new Stack<byte[]>();
        var outputs = new Stack<ArrayBufferWriter<byte>>();
        byte[] carry = [];
        while (true)
        {
            byte[] buffer = carry.Length + ChunkBytes <= PooledBytes ? (inputs.TryPop(out byte[]? pooled) ? pooled : new byte[PooledBytes]) : new byte[carry.Length + ChunkBytes];
            carry.CopyTo(buffer, 0);
            int filled = carry.Length;
            int size = carry.Length + ChunkBytes; // a chunk at a time, plus the partial line carried over
            int lastNewline;
            bool end;
            while (true)
            {
                filled = await FillAsync(input, buffer.AsMemory(0, size), filled, cancellationToken);
                end = filled < size;
                lastNewline = end ? filled : Array.LastIndexOf(buffer, (byte)'\n', filled - 1) + 1;
                if (lastNewline > 0 || end || filled > Limits.MaxDocumentBytes)
                {
                    break;
                }

                // One line fills the buffer (a CloudTrail log file on one line): double it, up to the limit.
                byte[] bigger = new byte[Math.Min(buffer.Length * 2, Limits.MaxDocumentBytes + ChunkBytes)];
                buffer.AsSpan(0, filled).CopyTo(bigger);
                Return(inputs, buffer);
                buffer = bigger;
                size = bigger.Length;
            }

            ArrayBufferWriter<byte> result = outputs.TryPop(out ArrayBufferWriter<byte>? reused) ? reused : new ArrayBufferWriter<byte>(ChunkBytes * 2);
            if (lastNewline == 0 && !end)
            {
                // Over the limit: read past the rest of the line without keeping it, and reject it.
                (long length, carry, end) = await SkipLineAsync(input, buffer, filled, cancellationToken);
                inFlight.Enqueue((Task.FromResult(Reject(result, length)), buffer));
            }
            else
            {
                carry = buffer[lastNewline..filled];
                ReadOnlyMemory<byte> chunk = buffer.AsMemory(0, lastNewline);
                inFlight.Enqueue((Task.Run(() => Classify(chunk, result, classifier, scope), cancellationToken), buffer));
            }

            while (inFlight.Count >= maxInFlight || (end && inFlight.Count > 0))
            {
                (Task<Chunk> work, byte[] used) = inFlight.Dequeue();
                Chunk done = await work;
                skipped += done.Skipped;
                await output.WriteAsync(done.Output.WrittenMemory, cancellationToken);
                done.Output.ResetWrittenCount();
                outputs.Push(done.Output);
                Return(inputs, used);
            }

            if (end)
            {
                break;
            }
        }

        await output.FlushAsync(cancellationToken);
        return skipped;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the input ends.</summary>
    /// <returns>How much of the buffer is filled.</returns>
    private static async Task<int> FillAsync(Stream input, Memory<byte> buffer, int filled, CancellationToken cancellationToken)
    {
        int read;
        while (filled < buffer.Length && (read = await input.ReadAsync(buffer[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    /// <summary>
    /// Reads past the rest of a line whose first <paramref name="seen"/> bytes are in <paramref name="buffer"/>,
    /// a chunk at a time into the same buffer.
    /// </summary>
    /// <returns>The line's length, what follows its newline in the last chunk read, and whether the input ended.</returns>
    private static async Task<(long Length, byte[] Carry, bool End)> SkipLineAsync(Stream input, byte[] buffer, int seen, CancellationToken cancellationToken)
    {
        long length = seen;
        while (true)
        {
            int read = await input.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken);
            if (read == 0)
            {
                return (length, [], true);
            }

            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return (length + newline, buffer[(newline + 1)..read], false);
            }

            length += read;
        }
    }

    private static Chunk Reject(ArrayBufferWriter<byte> output, long length)
    {
        using var json = new Utf8JsonWriter(output, JsonVerdictWriter.Options);
        JsonVerdictWriter.WriteRecord(json, ParseResult.Failure(string.Create(CultureInfo.InvariantCulture, $"line of {length} bytes is over the {Limits.MaxDocumentBytes}-byte limit; it was not read")), null);
        json.Flush();
        output.Write("\n"u8);
        return new Chunk(output, 0);
    }

    private static void Return(Stack<byte[]> pool, byte[] buffer)
    {
        if (buffer.Length == PooledBytes)
        {
            pool.Push(buffer);
        }
    }

    private static Chunk Classify(ReadOnlyMemory<byte> chunk, ArrayBufferWriter<byte> output, ChangeClassifier classifier, ParseScope scope)
    {
        long skipped = 0;
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

            if (!parsed.IsSuccess && RecordReader.MayBeLogFile(line))
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
