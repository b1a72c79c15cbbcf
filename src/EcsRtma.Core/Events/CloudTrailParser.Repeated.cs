using System.Runtime.InteropServices;
using System.Text.Json;

namespace EcsRtma.Core.Events;

/// <summary>
/// Values that repeat from record to record — service, action, region, event type, account, user
/// agent, identity type, role — are made into strings once per thread rather than once per record: a
/// small direct-mapped cache keyed by their UTF-8 bytes. Bounded by construction (256 slots per
/// thread, values of at most 256 bytes); a hit returns the string decoded earlier from identical
/// bytes, a miss decodes (and validates) as <see cref="Utf8JsonReader.GetString"/> always does.
/// Escaped values are never cached. Values unique to a record (event id, ARN) do not come here.
/// </summary>
public static partial class CloudTrailParser
{
    private const int RepeatedSlots = 256;
    private const int RepeatedMaxBytes = 256;

    [ThreadStatic]
    private static RepeatedEntry[]? t_repeated;

    private static string Repeated(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > RepeatedMaxBytes)
        {
            return reader.GetString()!;
        }

        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        RepeatedEntry[] entries = t_repeated ??= new RepeatedEntry[RepeatedSlots];
        ref RepeatedEntry entry = ref entries[Slot(bytes)];
        if (entry.Utf8 is { } cached && bytes.SequenceEqual(cached))
        {
            return entry.Text!;
        }

        string text = reader.GetString()!;
        entry = new RepeatedEntry(bytes.ToArray(), text);
        return text;
    }

    /// <summary>A cheap slot: length and three 8-byte samples (a collision only costs a miss).</summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong h = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        if (bytes.Length >= 8)
        {
            h ^= MemoryMarshal.Read<ulong>(bytes);
            h = (h ^ MemoryMarshal.Read<ulong>(bytes[^8..])) * 0xC2B2AE3D27D4EB4FUL;
            h ^= MemoryMarshal.Read<ulong>(bytes[((bytes.Length / 2) - 4)..]);
        }
        else
        {
            foreach (byte b in bytes)
            {
                h = (h ^ b) * 0x100000001B3UL;
            }
        }

        h *= 0x9E3779B97F4A7C15UL;
        return (int)(h >> 56);
    }

    private readonly record struct RepeatedEntry(byte[]? Utf8, string? Text);
}
