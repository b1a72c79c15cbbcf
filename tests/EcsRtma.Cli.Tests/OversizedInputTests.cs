using System.Text;
using System.Text.Json;
using EcsRtma.Core;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Cli.Tests;

[CollectionDefinition("allocation", DisableParallelization = true)]
public sealed class AllocationTestGroup;

/// <summary>
/// An input with no newline for hundreds of megabytes (a hostile or broken file) is rejected as it
/// streams past: the CLI never holds more than the document limit of it, and the records after it
/// are still classified. Run alone, so the process's allocation count is this test's.
/// </summary>
[Collection("allocation")]
public sealed class OversizedInputTests
{
    private const long LineBytes = 256L * 1024 * 1024;

    /// <summary>What reading a line four times the limit may allocate: a few buffers up to the limit, not the line.</summary>
    private const long AllowedBytes = 6L * Limits.MaxDocumentBytes;

    [Theory]
    [InlineData("json")] // JSON Lines fast path
    [InlineData("table")] // the record reader
    public async Task Classify_ALineFourTimesTheLimit_IsRejectedWithoutBeingHeld_AndTheNextRecordsAreRead(string format)
    {
        byte[] before = Encoding.UTF8.GetBytes(Record("e1", "DeleteService") + "\n");
        byte[] after = Encoding.UTF8.GetBytes("\n" + Record("e3", "StopTask") + "\n");
        using var input = new LongLineStream(before, LineBytes, after);
        using var output = new MemoryStream();
        using var error = new StringWriter();

        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int code = await CliApp.RunAsync(["classify", "--format", format, "-"], new CliIo(input, output, error));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        Assert.True(allocated < AllowedBytes, $"allocated {allocated / (1024 * 1024)} MiB reading a {LineBytes / (1024 * 1024)} MiB line; at most {AllowedBytes / (1024 * 1024)} MiB expected");
        string text = Encoding.UTF8.GetString(output.ToArray());
        if (format == "json")
        {
            JsonElement[] rows = [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            Assert.Equal(["alert", "rejected", "alert"], rows.Select(r => r.GetProperty("outcome").GetString()));
            Assert.Equal("e3", rows[2].GetProperty("eventId").GetString());
            Assert.Equal($"line of {LineBytes} bytes is over the {Limits.MaxDocumentBytes}-byte limit; it was not read", rows[1].GetProperty("reasons")[0].GetString());
        }
        else
        {
            Assert.Contains($"line of {LineBytes} characters is over the {Limits.MaxDocumentBytes}-byte limit", text, StringComparison.Ordinal);
            Assert.Contains("StopTask", text, StringComparison.Ordinal);
            Assert.Contains("DeleteService", text, StringComparison.Ordinal);
        }

    }

    [Fact]
    public async Task Classify_ADocumentOverTheLimit_IsOneRejection()
    {
        // Not JSON Lines (the first line is not a whole value): the rest belongs to one document, which is too large.
        byte[] before = Encoding.UTF8.GetBytes("{\"Records\": [\n");
        using var input = new LongLineStream(before, LineBytes, "]}\n"u8.ToArray(), filler: (byte)' ');
        using var output = new MemoryStream();
        using var error = new StringWriter();

        int code = await CliApp.RunAsync(["classify", "-"], new CliIo(input, output, error));

        Assert.Equal(0, code);
        JsonElement row = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()).Trim()).RootElement;
        Assert.Equal("rejected", row.GetProperty("outcome").GetString());
        Assert.Equal($"document of {before.Length + LineBytes + 3} characters is over the {Limits.MaxDocumentBytes}-byte limit; it was not read", row.GetProperty("reasons")[0].GetString());
    }

    private static string Record(string id, string name) =>
        $$"""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/bob","accountId":"111122223333"},"eventTime":"2026-11-27T09:00:00Z","eventSource":"ecs.amazonaws.com","eventName":"{{name}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2.22.4","requestParameters":{"cluster":"prod"},"eventID":"{{id}}","recipientAccountId":"111122223333"}""";

    /// <summary>A prefix, then <c>length</c> filler bytes made as they are read (nothing held), then a suffix.</summary>
    private sealed class LongLineStream(byte[] prefix, long length, byte[] suffix, byte filler = (byte)'x') : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long total = prefix.Length + length + suffix.Length;
            int n = (int)Math.Min(buffer.Length, total - _position);
            for (int i = 0; i < n;)
            {
                long at = _position + i;
                if (at < prefix.Length)
                {
                    int take = (int)Math.Min(n - i, prefix.Length - at);
                    prefix.AsSpan((int)at, take).CopyTo(buffer[i..]);
                    i += take;
                }
                else if (at < prefix.Length + length)
                {
                    int take = (int)Math.Min(n - i, prefix.Length + length - at);
                    buffer.Slice(i, take).Fill(filler);
                    i += take;
                }
                else
                {
                    int take = (int)Math.Min(n - i, total - at);
                    suffix.AsSpan((int)(at - prefix.Length - length), take).CopyTo(buffer[i..]);
                    i += take;
                }
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
