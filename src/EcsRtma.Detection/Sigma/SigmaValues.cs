using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EcsRtma.Detection.Sigma;

/// <summary>
/// Compiles one rule value, with its field's modifiers, into a test on a field value — once, at load:
/// wildcards (<c>*</c>, <c>?</c>, <c>\</c> escaping them), <c>contains</c>/<c>startswith</c>/<c>endswith</c>,
/// <c>cased</c>, <c>re</c> (with <c>i</c>, <c>m</c>, <c>s</c>; linear time, .NET's non-backtracking engine),
/// <c>cidr</c>, <c>lt</c>/<c>lte</c>/<c>gt</c>/<c>gte</c>, and the value transformations <c>base64</c>,
/// <c>base64offset</c> and <c>windash</c>. Strings compare case-insensitively unless <c>cased</c> or <c>re</c>.
/// </summary>
internal static class SigmaValues
{
    private static readonly TimeSpan NoTimeout = Regex.InfiniteMatchTimeout;
    private static readonly char[] Dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];

    /// <summary>The value's variants after its transformations (base64, base64offset, windash): a field matches when any does.</summary>
    public static IEnumerable<string> Transform(string value, IReadOnlySet<string> modifiers, Func<string, Exception> fail)
    {
        IEnumerable<string> values = [value];
        if (modifiers.Contains("windash"))
        {
            values = values.SelectMany(v => WindowsDashes(v, fail));
        }

        if (modifiers.Contains("base64"))
        {
            values = values.Select(v => Convert.ToBase64String(Encoding.UTF8.GetBytes(v)));
        }
        else if (modifiers.Contains("base64offset"))
        {
            values = values.SelectMany(Base64Offsets);
        }

        return values;
    }

    /// <summary>One test for a (transformed) value.</summary>
    public static Func<string?, bool> Compile(string value, IReadOnlySet<string> modifiers, Func<string, Exception> fail)
    {
        if (modifiers.Contains("re"))
        {
            RegexOptions options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
            options |= modifiers.Contains("i") ? RegexOptions.IgnoreCase : RegexOptions.None;
            options |= modifiers.Contains("m") ? RegexOptions.Multiline : RegexOptions.None;
            options |= modifiers.Contains("s") ? RegexOptions.Singleline : RegexOptions.None;
            try
            {
                var regex = new Regex(value, options, NoTimeout);
                return v => v is not null && regex.IsMatch(v);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw fail($"regular expression '{value}' is not supported ({ex.Message}); lookarounds and backreferences cannot run in linear time");
            }
        }

        if (modifiers.Contains("cidr"))
        {
            if (!IPNetwork.TryParse(value, out IPNetwork network))
            {
                throw fail($"'{value}' is not a CIDR range (10.0.0.0/8, fd00::/8)");
            }

            return v => v is not null && IPAddress.TryParse(v, out IPAddress? ip) && network.Contains(ip);
        }

        foreach (string op in (string[])["lt", "lte", "gt", "gte"])
        {
            if (modifiers.Contains(op))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double limit))
                {
                    throw fail($"'{value}' is not a number (modifier {op})");
                }

                return v => v is not null && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && op switch
                {
                    "lt" => n < limit,
                    "lte" => n <= limit,
                    "gt" => n > limit,
                    _ => n >= limit,
                };
            }
        }

        List<Token> tokens = Tokens(value);
        if (modifiers.Contains("contains") || modifiers.Contains("endswith"))
        {
            tokens.Insert(0, Token.Any);
        }

        if (modifiers.Contains("contains") || modifiers.Contains("startswith"))
        {
            tokens.Add(Token.Any);
        }

        StringComparison comparison = modifiers.Contains("cased") ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return Wildcards(tokens, comparison);
    }

    /// <summary>The fast paths (equals, contains, starts or ends with) when only leading or trailing <c>*</c> are wild; a linear-time regex otherwise.</summary>
    private static Func<string?, bool> Wildcards(List<Token> tokens, StringComparison comparison)
    {
        bool leading = tokens.Count > 0 && tokens[0].Kind == TokenKind.Any;
        bool trailing = tokens.Count > 1 && tokens[^1].Kind == TokenKind.Any;
        List<Token> middle = tokens.Skip(leading ? 1 : 0).SkipLast(trailing ? 1 : 0).ToList();
        if (middle.All(t => t.Kind == TokenKind.Literal))
        {
            string text = string.Concat(middle.Select(t => t.Text));
            return (leading, trailing) switch
            {
                (true, true) => v => v is not null && v.Contains(text, comparison),
                (true, false) => v => v is not null && v.EndsWith(text, comparison),
                (false, true) => v => v is not null && v.StartsWith(text, comparison),
                _ => v => v is not null && string.Equals(v, text, comparison),
            };
        }

        var pattern = new StringBuilder("^");
        foreach (Token t in tokens)
        {
            pattern.Append(t.Kind switch
            {
                TokenKind.Any => ".*",
                TokenKind.One => ".",
                _ => Regex.Escape(t.Text),
            });
        }

        pattern.Append('$');
        RegexOptions options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline
            | (comparison == StringComparison.Ordinal ? RegexOptions.None : RegexOptions.IgnoreCase);
        var regex = new Regex(pattern.ToString(), options, NoTimeout);
        return v => v is not null && regex.IsMatch(v);
    }

    /// <summary>
    /// Splits a value into literal text and wildcards. A backslash escapes <c>*</c>, <c>?</c> and itself;
    /// before any other character it is a plain backslash (<c>C:\Windows</c>).
    /// </summary>
    private static List<Token> Tokens(string value)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '*' or '?' or '\\')
            {
                literal.Append(value[++i]);
            }
            else if (c is '*' or '?')
            {
                if (literal.Length > 0)
                {
                    tokens.Add(Token.Of(literal.ToString()));
                    literal.Clear();
                }

                tokens.Add(c == '*' ? Token.Any : Token.One);
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            tokens.Add(Token.Of(literal.ToString()));
        }

        return tokens;
    }

    /// <summary>The three base64 encodings of a value at byte offsets 0, 1 and 2 in a longer string, without their position-dependent edges.</summary>
    private static IEnumerable<string> Base64Offsets(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int[] start = [0, 2, 3];
        int[] trim = [0, 3, 2];
        for (int i = 0; i < 3; i++)
        {
            byte[] shifted = new byte[i + bytes.Length];
            bytes.CopyTo(shifted, i);
            string encoded = Convert.ToBase64String(shifted);
            int end = encoded.Length - trim[(bytes.Length + i) % 3];
            yield return encoded[start[i]..Math.Max(start[i], end)];
        }
    }

    /// <summary>Every spelling of the value with its dashes and slashes swapped for one another (at most 4 of them: 625 variants).</summary>
    private static IEnumerable<string> WindowsDashes(string value, Func<string, Exception> fail)
    {
        int[] at = [.. value.Select((c, i) => (c, i)).Where(x => Dashes.Contains(x.c)).Select(x => x.i)];
        if (at.Length > 4)
        {
            throw fail($"windash on a value with {at.Length} dashes or slashes (at most 4)");
        }

        IEnumerable<char[]> variants = [value.ToCharArray()];
        foreach (int position in at)
        {
            variants = variants.SelectMany(v => Dashes.Select(d =>
            {
                char[] copy = (char[])v.Clone();
                copy[position] = d;
                return copy;
            }));
        }

        return variants.Select(v => new string(v)).Distinct(StringComparer.Ordinal);
    }

    private enum TokenKind
    {
        Literal,
        Any,
        One,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public static Token Any => new(TokenKind.Any, "*");

        public static Token One => new(TokenKind.One, "?");

        public static Token Of(string text) => new(TokenKind.Literal, text);
    }
}
