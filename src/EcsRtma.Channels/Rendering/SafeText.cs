using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EcsRtma.Core.Text;

namespace EcsRtma.Channels.Rendering;

/// <summary>
/// Makes attacker-controlled event fields (cluster, service and family names, tag values, user
/// agents, role session names) safe for each channel format. Every format first gets
/// <see cref="Clean"/>: control, zero-width and bidirectional-override characters removed,
/// whitespace collapsed, and anything that looks like a link defanged (<c>hxxps://evil[.]example</c>)
/// so that only our own links are ever clickable. Then the format's own escaping applies.
/// </summary>
public static partial class SafeText
{
    /// <summary>Single line, no invisible or direction-changing characters, links defanged, at most <paramref name="max"/> characters.</summary>
    public static string Clean(string? value, int max = 300) =>
        string.IsNullOrEmpty(value) ? string.Empty : Truncate(Defang(UntrustedText.Clean(value, value.Length)), max);

    /// <summary>Slack mrkdwn: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped, so no <c>&lt;!channel&gt;</c>, <c>&lt;@U…&gt;</c> or <c>&lt;url|text&gt;</c> can form.</summary>
    public static string Slack(string? value, int max = 300) =>
        Clean(value, max).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Adaptive Card / Teams markdown: markdown syntax characters backslash-escaped (and links already defanged).</summary>
    public static string Markdown(string? value, int max = 300)
    {
        string clean = Clean(value, max);
        var builder = new StringBuilder(clean.Length + 8);
        foreach (char c in clean)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '~' or '`' or '#' or '>' or '<' or '|' or '!')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>HTML text content (email bodies).</summary>
    public static string Html(string? value, int max = 300) => WebUtility.HtmlEncode(Clean(value, max));

    /// <summary>Plain text that ends up where a client may still autolink (email text part, SMS, tickets).</summary>
    public static string Plain(string? value, int max = 300) => Clean(value, max);

    /// <summary>Cuts to <paramref name="max"/> characters (never inside a surrogate pair), marking the cut with "…".</summary>
    public static string Truncate(string text, int max) => UntrustedText.Truncate(text, max);

    /// <summary>Truncates UTF-8 text to a byte budget (vendor limits are often in bytes).</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var info = new StringInfo(text);
        int low = 0, high = info.LengthInTextElements;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (Encoding.UTF8.GetByteCount(info.SubstringByTextElements(0, mid)) + 3 <= maxBytes)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return info.SubstringByTextElements(0, low) + "…";
    }

    private static string Defang(string text)
    {
        // Whatever precedes it (a letter, a digit, '_', a non-ASCII letter), no scheme stays live and no
        // host — name, IDN or IP address — stays a host.
        text = HttpScheme().Replace(text, m => "hxxp" + m.Value[4..]);
        text = text.Replace("://", "[://]", StringComparison.Ordinal);
        text = IpHost().Replace(text, m => m.Value.Replace(".", "[.]", StringComparison.Ordinal));
        return Domain().Replace(text, m => m.Value.Replace(".", "[.]", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?i)http(?=s?:/)", RegexOptions.CultureInvariant)]
    private static partial Regex HttpScheme();

    [GeneratedRegex(@"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IpHost();

    [GeneratedRegex(@"(?i)(?<![\p{L}\p{N}-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59}|\p{L}{2,24})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Domain();
}
