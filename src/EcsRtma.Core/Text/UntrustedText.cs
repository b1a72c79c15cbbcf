using System.Buffers;
using System.Globalization;
using System.Text;

namespace EcsRtma.Core.Text;

/// <summary>
/// Cleans and bounds attacker-controlled text once, where it enters: control characters become
/// spaces (a record field can never move a terminal cursor or start a new log line), zero-width,
/// bidirectional and other invisible formatting characters are removed (what is shown is what is
/// there), runs of whitespace collapse, and the result is cut to a maximum length. Format-specific
/// escaping (HTML, markdown, mrkdwn) is the renderer's job on top of this.
/// </summary>
public static class UntrustedText
{
    /// <summary>Clean single-line text of at most <paramref name="max"/> characters; null stays null.</summary>
    public static string? Bound(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        return NeedsCleaning(value, max) ? Clean(value, max) : value;
    }

    /// <summary>As <see cref="Bound"/>, for values that are never null.</summary>
    public static string Clean(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsCleaning(value, max))
        {
            return value;
        }

        var builder = new StringBuilder(Math.Min(value.Length, max + 1));
        Span<char> utf16 = stackalloc char[2];
        bool space = false;
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                space = builder.Length > 0;
                continue;
            }

            if (IsInvisible(rune))
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            if (builder.Length > max)
            {
                break;
            }
        }

        return Truncate(builder.ToString(), max);
    }

    /// <summary>Cuts to <paramref name="max"/> characters (never inside a surrogate pair), marking the cut with "…".</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        int cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>Zero-width, bidirectional, tag and other format characters that change what text looks like.</summary>
    public static bool IsInvisible(Rune rune) => rune.Value switch
    {
        >= 0x200B and <= 0x200F => true, // zero-width space/joiners, LRM, RLM
        >= 0x202A and <= 0x202E => true, // bidi embeddings and overrides
        >= 0x2060 and <= 0x2069 => true, // word joiner, invisible operators, bidi isolates
        0x00AD or 0x061C or 0x180E or 0xFEFF => true,
        >= 0xFFF9 and <= 0xFFFB => true,
        >= 0xE0000 and <= 0xE007F => true, // tag characters
        _ => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format,
    };

    /// <summary>Printable ASCII and the space: text made only of these, without doubled or edge spaces, is already clean.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static bool NeedsCleaning(string value, int max)
    {
        if (value.Length > max || value.Length == 0)
        {
            return value.Length > max;
        }

        // Vectorized: every field of every record passes here.
        ReadOnlySpan<char> text = value;
        return text.ContainsAnyExcept(Plain) || text[0] == ' ' || text[^1] == ' ' || text.Contains("  ", StringComparison.Ordinal);
    }
}
