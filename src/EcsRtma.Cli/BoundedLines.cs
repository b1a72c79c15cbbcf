using System.Text;

namespace EcsRtma.Cli;

/// <summary>
/// Lines of a text reader, none held beyond a maximum: a longer line is read past (its length is
/// counted, its text dropped), so a file with no newline in a gigabyte costs at most the maximum in
/// memory. Lines end at <c>\n</c>; a <c>\r</c> before it is dropped.
/// </summary>
internal sealed class BoundedLines(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;

    /// <summary>One line, or the rest of the input when <paramref name="toEnd"/>.</summary>
    /// <returns>False at the end of the input. Otherwise the text, or null with its length when it was over <paramref name="maxChars"/>.</returns>
    public bool TryRead(int maxChars, bool toEnd, out string? text, out long length)
    {
        text = null;
        length = 0;
        StringBuilder? kept = null; // only for a line that spans more than one buffer
        bool tooLong = false;
        bool any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0)
                {
                    break;
                }
            }

            any = true;
            int newline = toEnd ? -1 : Array.IndexOf(_buffer, '\n', _position, _length - _position);
            int end = newline >= 0 ? newline : _length;
            int count = end - _position;
            length += count;
            if (length > maxChars)
            {
                tooLong = true;
                kept = null;
            }
            else if (newline >= 0 && kept is null)
            {
                // The usual case: the whole line is in the buffer.
                text = new string(_buffer, _position, count - (count > 0 && _buffer[end - 1] == '\r' ? 1 : 0));
            }
            else
            {
                (kept ??= new StringBuilder()).Append(_buffer, _position, count);
            }

            _position = newline >= 0 ? newline + 1 : _length;
            if (newline >= 0)
            {
                break;
            }
        }

        if (!any)
        {
            return false;
        }

        if (!tooLong && text is null)
        {
            if (!toEnd && kept is { Length: > 0 } && kept[^1] == '\r')
            {
                kept.Length--;
            }

            text = kept?.ToString() ?? string.Empty;
        }

        return true;
    }
}
