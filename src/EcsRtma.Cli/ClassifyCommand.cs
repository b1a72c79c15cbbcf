using System.Text;
using EcsRtma.Core.Events;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma classify [--policy F] [--format json|table] [--ecs-only] [FILE…|-]</c>: one verdict per input
/// record. Reads an EventBridge envelope, a bare record, a CloudTrail log file (<c>{"Records":[…]}</c>,
/// plain or .json.gz) or JSON Lines, streaming JSON Lines so a file of any size runs in constant
/// memory. A record that cannot be parsed becomes <c>outcome: rejected</c> with the reason; the
/// command exits non-zero only for I/O errors and an invalid policy. With <c>--ecs-only</c>, records of
/// other services are recognised after their eventSource and skipped (counted on standard error).
/// </summary>
public static class ClassifyCommand
{
    /// <param name="inputs">Files, or "-" for standard input; none means standard input.</param>
    /// <param name="format">"json" or "table" (the command line accepts nothing else).</param>
    /// <param name="ecsOnly">Skip records of other services instead of writing an "ignored" verdict for each.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> inputs, string? policyPath, string format, bool ecsOnly, Stream stdin, Stream stdout, TextWriter stderr, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (await PolicyArgument.LoadAsync(policyPath, "classify", stderr) is not { } policy)
        {
            return 2;
        }

        var classifier = new ChangeClassifier(EcsActionCatalog.Default, policy);
        using var text = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using VerdictWriter writer = format == "table" ? new TableVerdictWriter(text) : new JsonVerdictWriter(text);
        writer.Begin();
        long skipped = 0;
        foreach (string input in inputs.Count == 0 ? ["-"] : inputs)
        {
            try
            {
                await using Stream source = input == "-" ? new NonClosingStream(stdin) : InputFiles.Open(input);
                (byte[] prefix, bool jsonLines) = await PeekAsync(source);
                await using Stream whole = new PrefixedStream(prefix, source);
                if (jsonLines && format == "json")
                {
                    await text.FlushAsync();
                    skipped += await ParallelJsonLines.RunAsync(whole, stdout, classifier, ecsOnly ? ParseScope.EcsOnly : ParseScope.All);
                    continue;
                }

                using var reader = new StreamReader(whole, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
                long done = 0;
                foreach (ParseResult record in RecordReader.Read(reader))
                {
                    if (ecsOnly && record.IsSuccess && !string.Equals(record.Event!.EventSource, CloudTrailParser.EcsEventSource, StringComparison.Ordinal))
                    {
                        skipped++;
                        continue;
                    }

                    writer.Write(record, record.IsSuccess ? classifier.Classify(record.Event!) : null);
                    if (++done % 10_000 == 0)
                    {
                        progress?.Report(done);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await text.FlushAsync();
                await stderr.WriteLineAsync($"ecs-rtma classify: cannot read {input}: {ex.Message}");
                return 1;
            }
        }

        writer.Finish();
        await text.FlushAsync();
        await stdout.FlushAsync();
        if (ecsOnly)
        {
            await stderr.WriteLineAsync($"ecs-rtma classify: {skipped} records of other services skipped (--ecs-only)");
        }

        return 0;
    }

    /// <summary>Reads the first line (up to 1 MiB) to tell JSON Lines from one pretty-printed document.</summary>
    private static async Task<(byte[] Prefix, bool JsonLines)> PeekAsync(Stream source)
    {
        var prefix = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        while (prefix.Length < CloudTrailParser.MaxMessageBytes)
        {
            int read = await source.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            prefix.Write(buffer, 0, read);
            byte[] sofar = prefix.GetBuffer();
            int start = 0;
            while (start < prefix.Length && sofar[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                start++;
            }

            int newline = Array.IndexOf(sofar, (byte)'\n', start, (int)prefix.Length - start);
            if (newline >= 0)
            {
                return (prefix.ToArray(), RecordReader.IsCompleteJson(sofar.AsSpan(start, newline - start)));
            }
        }

        return (prefix.ToArray(), false);
    }

}
